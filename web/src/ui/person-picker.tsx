import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { useI18n } from '../i18n/i18n.js';
import { SearchPeople, searchTerm } from '../screens/search.js';
import { ErrorPanel } from './status.js';
import { useDebounced } from './use-debounced.js';
import { displayPhone } from './phone.js';

export interface Picked {
  id: string;
  name: string;
}

/** Search-as-you-type picker for an existing person. */
export function PersonPicker({
  label,
  value,
  onPick,
  invalid,
  kind,
  testId,
}: {
  label: string;
  value: Picked | null;
  onPick(p: Picked | null): void;
  invalid?: boolean;
  kind?: string;
  testId?: string;
}) {
  const { t, tEnum } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const term = searchTerm(useDebounced(text, 200));
  const [result, reexecute] = useQuery({ query: SearchPeople, variables: { query: term ?? '', first: 8 }, pause: term === null || value !== null });

  if (value) {
    return (
      <div className="picked" data-testid={testId}>
        <span className="picked-label">{label}</span>
        <strong>{value.name}</strong>
        <button type="button" className="btn btn-small btn-quiet" onClick={() => onPick(null)}>
          {t('action.change')}
        </button>
      </div>
    );
  }
  const hits = (result.data?.searchPeople ?? []).filter((p) => !kind || p.kind === kind || kind === 'ANY');
  return (
    <div className="picker" data-testid={testId}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('search.placeholder')}
        aria-invalid={invalid}
        autoComplete="off"
      />
      {result.error && <ErrorPanel error={result.error} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />}
      {term !== null && result.data && (
        <ul className="picker-list" aria-label={t('search.results')}>
          {hits.length === 0 && <li className="muted small">{t('search.none', { query: term })}</li>}
          {hits.map((p) => (
            <li key={p.id}>
              <button type="button" className="picker-item" onClick={() => onPick({ id: p.id, name: p.name })} data-person-id={p.id}>
                <span>{p.name}</span> <span className="muted small">{tEnum('kind', p.kind)}</span>{' '}
                <span className="muted small tabular">{displayPhone(p.phone)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
