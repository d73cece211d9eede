import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';

const ErasePerson = graphql(`
  mutation ErasePerson($id: ID!) {
    erasePerson(id: $id) {
      id
      tiesRemoved
      linksRemoved
      testimonialsWithdrawn
      salesKept
    }
  }
`);

/**
 * Erasure on the person's request (PIPL art. 47). Typing the name is the confirmation: the step cannot be undone,
 * and the name is what the manager reads off the request.
 */
export function ErasePanel({ person, onClose }: { person: { id: string; name: string }; onClose(): void }) {
  const { t, num } = useI18n();
  const [typed, setTyped] = useState('');
  const [result, erase] = useMutation(ErasePerson);
  const report = result.data?.erasePerson;

  if (report) {
    return (
      <section className="panel" aria-labelledby="erase-title" data-testid="erase-done">
        <h2 id="erase-title">{t('erase.done')}</h2>
        <p className="small">
          {t('erase.report', {
            ties: num(report.tiesRemoved + report.linksRemoved),
            testimonials: num(report.testimonialsWithdrawn),
            sales: num(report.salesKept),
          })}
        </p>
        <button type="button" className="btn" onClick={onClose}>
          {t('sale.done')}
        </button>
      </section>
    );
  }

  return (
    <section className="panel panel-danger" aria-labelledby="erase-title">
      <h2 id="erase-title">{t('erase.titleFor', { name: person.name })}</h2>
      <p className="small">{t('erase.explain')}</p>
      <label className="field">
        <span>{t('erase.typeName', { name: person.name })}</span>
        <input name="eraseConfirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
      </label>
      {result.error && <ErrorPanel error={result.error} />}
      <div className="row">
        <button
          type="button"
          className="btn btn-danger"
          disabled={typed.trim() !== person.name || result.fetching}
          onClick={() => void erase({ id: person.id })}
          data-testid="erase-submit"
        >
          {result.fetching ? t('status.saving') : t('erase.submit')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          {t('action.cancel')}
        </button>
      </div>
    </section>
  );
}
