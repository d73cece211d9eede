import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { canWritePeople } from '../auth/roles.js';
import { useSignedIn } from '../auth/session.js';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { DealershipSelect, useDealerships } from '../ui/dealership-select.js';
import { displayPhone } from '../ui/phone.js';
import { PersonPicker, type Picked } from '../ui/person-picker.js';
import { ErrorPanel } from '../ui/status.js';
import { useCheckedDraft } from '../ui/use-checked-draft.js';
import { useDebounced } from '../ui/use-debounced.js';
import { PersonFields } from './person-fields.js';
import { draftFromSearch, phoneDigits, toPersonInput, validatePerson, type NewPersonDraft, type NewPersonErrors } from './new-person-form.js';
import { SearchPeople } from './search.js';

const CreatePerson = graphql(`
  mutation CreatePerson($input: PersonInput!, $referredBy: ID) {
    createPerson(input: $input, referredBy: $referredBy) {
      id
      name
    }
  }
`);

export function NewPersonScreen() {
  const { t, tEnum } = useI18n();
  const { user } = useSignedIn();
  const { query } = useLocation();
  const { draft, errors, update, check } = useCheckedDraft<NewPersonDraft, NewPersonErrors>(() => draftFromSearch(query.get('q')), validatePerson);
  const [result, create] = useMutation(CreatePerson);
  const [referrer, setReferrer] = useState<Picked | null>(null);
  // admins belong to no store: the record needs one
  const stores = useDealerships(user.role === 'admin');
  const [store, setStore] = useState('');
  const storeId = store || stores[0]?.id || '';

  // someone already recorded with this phone: a family may share one, so it warns rather than refuses
  const digits = phoneDigits(useDebounced(draft.phone, 300));
  const [same] = useQuery({ query: SearchPeople, variables: { query: digits ?? '', first: 5 }, pause: digits === null });
  const samePhone = digits ? (same.data?.searchPeople ?? []).filter((p) => p.phone?.replace(/\D/g, '').endsWith(digits)) : [];

  if (!canWritePeople(user.role)) {
    return (
      <section className="screen">
        <h1>{t('newPerson.title')}</h1>
        <p className="muted">{t('newPerson.readOnly')}</p>
      </section>
    );
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!check('.person-form')) return;
    const res = await create({ input: toPersonInput(draft, user.role === 'admin' ? storeId || null : null), referredBy: referrer?.id ?? null });
    const id = res.data?.createPerson.id;
    if (id) navigate(`/people/${encodeURIComponent(id)}`);
  }

  return (
    <section className="screen">
      <h1>{t('newPerson.title')}</h1>
      <form className="panel person-form" onSubmit={submit} noValidate>
        {user.role === 'admin' && <DealershipSelect options={stores} value={storeId} onChange={setStore} />}
        <PersonFields
          draft={draft}
          errors={errors}
          update={update}
          showKind
          afterPhone={
            samePhone.length > 0 && (
              <div className="status status-warning" role="status" data-testid="same-phone">
                <strong>{t('newPerson.samePhone')}</strong>
                <ul>
                  {samePhone.map((p) => (
                    <li key={p.id}>
                      <Link to={`/people/${encodeURIComponent(p.id)}`} data-person-id={p.id}>
                        {p.name}
                      </Link>{' '}
                      <span className={`badge badge-${p.kind.toLowerCase()}`}>{tEnum('kind', p.kind)}</span>{' '}
                      <span className="muted tabular">{displayPhone(p.phone)}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )
          }
          between={<PersonPicker label={t('newPerson.referredBy')} value={referrer} onPick={setReferrer} testId="new-person-referrer" />}
        />
        <fieldset className="consents">
          <legend>{t('newPerson.consents')}</legend>
          <label className="check">
            <input type="checkbox" name="contactConsent" checked={draft.contactConsent} onChange={(e) => update({ contactConsent: e.target.checked })} />
            {t('newPerson.contactConsent')}
          </label>
          <label className="check">
            <input type="checkbox" name="shareConsent" checked={draft.shareConsent} onChange={(e) => update({ shareConsent: e.target.checked })} />
            {t('newPerson.shareConsent')}
          </label>
          <p className="muted small">{t('newPerson.consentExplain')}</p>
        </fieldset>
        {Object.keys(errors).length > 0 && (
          <p className="field-error" role="alert">
            {t('form.fixErrors')}
          </p>
        )}
        {result.error && <ErrorPanel error={result.error} />}
        <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching || (user.role === 'admin' && !storeId)} data-testid="person-submit">
          {result.fetching ? t('status.saving') : t('newPerson.save')}
        </button>
      </form>
    </section>
  );
}
