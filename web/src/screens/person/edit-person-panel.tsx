import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';
import { draftFromStored, toPersonPatch, validatePerson, type NewPersonDraft, type NewPersonErrors, type StoredPerson } from '../new-person-form.js';
import { PersonFields } from '../person-fields.js';

const UpdatePerson = graphql(`
  mutation UpdatePerson($id: ID!, $input: PersonUpdateFields!) {
    updatePerson(id: $id, input: $input) {
      id
      name
      phone
      kind
      city
      region
      employer
    }
  }
`);

/** The customer's details as stored, changed in place; only the fields that changed are sent (and audited). */
export function EditPersonPanel({ person, onClose }: { person: StoredPerson & { id: string }; onClose(): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<NewPersonDraft>(() => draftFromStored(person));
  const [errors, setErrors] = useState<NewPersonErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [result, save] = useMutation(UpdatePerson);
  const patch = toPersonPatch(person, draft);
  const unchanged = Object.keys(patch).length === 0;

  function update(p: Partial<NewPersonDraft>): void {
    setDraft((d) => {
      const next = { ...d, ...p };
      if (submitted) setErrors(validatePerson(next));
      return next;
    });
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setSubmitted(true);
    const errs = validatePerson(draft);
    setErrors(errs);
    if (Object.keys(errs).length > 0 || unchanged) return;
    const res = await save({ id: person.id, input: patch });
    if (res.data) onClose();
  }

  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">{t('editPerson.title')}</h2>
      <form className="person-edit-form" onSubmit={submit} noValidate>
        <PersonFields draft={draft} errors={errors} update={update} showKind={person.kind !== 'BUYER'} />
        {result.error && <ErrorPanel error={result.error} />}
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={unchanged || result.fetching} data-testid="edit-submit">
            {result.fetching ? t('status.saving') : t('editPerson.save')}
          </button>
          <button type="button" className="btn btn-quiet" onClick={onClose}>
            {t('action.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
