import { type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { ErrorPanel } from '../../ui/status.js';
import { useCheckedDraft } from '../../ui/use-checked-draft.js';
import { draftFromStored, toPersonPatch, validatePerson, type NewPersonDraft, type NewPersonErrors, type StoredPerson } from '../new-person-form.js';
import { PersonFields } from '../person-fields.js';
import { SaveRow } from '../../ui/form-panels.js';

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
  const { draft, errors, update, check } = useCheckedDraft<NewPersonDraft, NewPersonErrors>(() => draftFromStored(person), validatePerson);
  const [result, save] = useMutation(UpdatePerson);
  const patch = toPersonPatch(person, draft);
  const unchanged = Object.keys(patch).length === 0;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!check('.person-edit-form') || unchanged) return;
    const res = await save({ id: person.id, input: patch });
    if (res.data) onClose();
  }

  return (
    <section className="panel" aria-labelledby="edit-title">
      <h2 id="edit-title">{t('editPerson.title')}</h2>
      <form className="person-edit-form" onSubmit={submit} noValidate>
        <PersonFields draft={draft} errors={errors} update={update} showKind={person.kind !== 'BUYER'} />
        {result.error && <ErrorPanel error={result.error} />}
        <SaveRow label={t('editPerson.save')} busy={result.fetching} disabled={unchanged} onCancel={onClose} testId="edit-submit" />
      </form>
    </section>
  );
}
