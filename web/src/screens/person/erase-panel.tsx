import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';
import { DonePanel, SaveRow } from '../../ui/form-panels.js';

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
      <DonePanel title={t('erase.done')} testId="erase-done" onClose={onClose}>
        <p className="small">
          {t('erase.report', {
            ties: num(report.tiesRemoved + report.linksRemoved),
            testimonials: num(report.testimonialsWithdrawn),
            sales: num(report.salesKept),
          })}
        </p>
      </DonePanel>
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
      <SaveRow
        label={t('erase.submit')}
        busy={result.fetching}
        disabled={typed.trim() !== person.name}
        onSave={() => void erase({ id: person.id })}
        onCancel={onClose}
        danger
        testId="erase-submit"
      />
    </section>
  );
}
