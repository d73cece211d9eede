import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';
import { SaveRow } from '../../ui/form-panels.js';

const ConsentHistory = graphql(`
  query ConsentHistory($personId: ID!) {
    consentHistory(personId: $personId) {
      at
      by
      operation
      shareConsent
      contactConsent
    }
  }
`);

const SetConsent = graphql(`
  mutation SetConsent($id: ID!, $shareConsent: Boolean!, $contactConsent: Boolean!) {
    setConsent(id: $id, shareConsent: $shareConsent, contactConsent: $contactConsent) {
      id
      shareConsent
      contactConsent
    }
  }
`);

/** Both consents as the customer states them now; a withdrawal is as easy as the grant (PIPL art. 15). */
export function ConsentEditor({
  person,
  onClose,
}: {
  person: { id: string; shareConsent: boolean; contactConsent: boolean };
  onClose(): void;
}) {
  const { t, moment, list } = useI18n();
  const [history] = useQuery({ query: ConsentHistory, variables: { personId: person.id } });
  const [share, setShare] = useState(person.shareConsent);
  const [contact, setContact] = useState(person.contactConsent);
  const [result, save] = useMutation(SetConsent);
  const unchanged = share === person.shareConsent && contact === person.contactConsent;

  async function submit(): Promise<void> {
    const res = await save({ id: person.id, shareConsent: share, contactConsent: contact });
    if (res.data) onClose();
  }

  return (
    <fieldset className="consents" data-testid="consent-editor">
      <legend>{t('newPerson.consents')}</legend>
      <label className="check">
        <input type="checkbox" name="contactConsent" checked={contact} onChange={(e) => setContact(e.target.checked)} />
        {t('newPerson.contactConsent')}
      </label>
      <label className="check">
        <input type="checkbox" name="shareConsent" checked={share} onChange={(e) => setShare(e.target.checked)} />
        {t('newPerson.shareConsent')}
      </label>
      <p className="muted small">{t('consent.explainChange')}</p>
      {history.data && history.data.consentHistory.length > 0 && (
        <details className="consent-history" data-testid="consent-history">
          <summary>{t('consent.history', { count: history.data.consentHistory.length })}</summary>
          <ul className="small">
            {history.data.consentHistory.map((h) => (
              <li key={`${h.at}-${h.operation}`}>
                {moment(h.at)} · {h.by ?? '—'} ·{' '}
                {list(
                  [
                    h.contactConsent === null ? null : h.contactConsent ? t('consent.contactYes') : t('consent.contactNo'),
                    h.shareConsent === null ? null : h.shareConsent ? t('consent.shareYes') : t('consent.shareNo'),
                  ].filter((x): x is string => x !== null),
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {result.error && <ErrorPanel error={result.error} />}
      <SaveRow label={t('consent.save')} busy={result.fetching} disabled={unchanged} onSave={() => void submit()} onCancel={onClose} testId="consent-save" />
    </fieldset>
  );
}
