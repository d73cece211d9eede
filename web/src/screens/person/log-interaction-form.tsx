import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { todayDay } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';

const RecordInteraction = graphql(`
  mutation RecordInteraction($personId: ID!, $date: String!, $kind: String!, $notes: String) {
    recordInteraction(personId: $personId, date: $date, kind: $kind, notes: $notes)
  }
`);

export const INTERACTION_KINDS = ['CALL', 'MESSAGE', 'VISIT', 'SERVICE'] as const;
type InteractionKindName = (typeof INTERACTION_KINDS)[number];

/** A contact with the customer in two taps: how, when (today by default) and an optional note. */
export function LogInteractionForm({ personId, compact = false }: { personId: string; compact?: boolean }) {
  const { t, tEnum } = useI18n();
  const [kind, setKind] = useState<InteractionKindName>('CALL');
  const [date, setDate] = useState(todayDay);
  const [notes, setNotes] = useState('');
  const [result, record] = useMutation(RecordInteraction);
  const [logged, setLogged] = useState(false);
  const bad = date === '' || date > todayDay() ? 'interaction.error.date' : notes.length > 2000 ? 'interaction.error.notes' : null;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (bad) return;
    const res = await record({ personId, date, kind, notes: notes.trim() || null });
    if (res.data) {
      setNotes('');
      setLogged(true);
    }
  }

  return (
    <form className="interaction-form" onSubmit={submit} noValidate>
      <div className="chips" role="group" aria-label={t('interaction.kind')}>
        {INTERACTION_KINDS.map((k) => (
          <button key={k} type="button" className="chip" aria-pressed={kind === k} onClick={() => setKind(k)} data-interaction-kind={k}>
            {tEnum('interaction', k)}
          </button>
        ))}
      </div>
      <div className="row">
        {!compact && (
          <label className="field">
            <span>{t('common.date')}</span>
            <input type="date" name="interactionDate" value={date} max={todayDay()} onChange={(e) => setDate(e.target.value)} aria-invalid={bad === 'interaction.error.date'} />
          </label>
        )}
        <label className="field">
          <span>{t('interaction.notes')}</span>
          <input name="interactionNotes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} />
        </label>
      </div>
      {bad && <p className="field-error">{t(bad)}</p>}
      {logged && !result.fetching && !result.error && (
        <p className="muted small" role="status" data-testid="interaction-logged">
          {t('interaction.logged')}
        </p>
      )}
      {result.error && <ErrorPanel error={result.error} />}
      <button type="submit" className="btn" disabled={result.fetching || bad !== null} data-testid="interaction-submit">
        {result.fetching ? t('status.saving') : t('interaction.log')}
      </button>
    </form>
  );
}
