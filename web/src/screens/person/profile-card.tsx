import { useState } from 'react';
import { useSignedIn } from '../../auth/session.js';
import { canErasePeopleOf, canRecordSales, canSee, canWritePeople, canWriteRecordOf } from '../../auth/roles.js';
import { graphql, getFragmentData, type FragmentType } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link, href } from '../../router.js';
import { displayPhone } from '../../ui/phone.js';
import { ConsentEditor } from './consent-editor.js';

export const ProfileCardFragment = graphql(`
  fragment ProfileCard_person on Person {
    id
    name
    phone
    kind
    city
    region
    employer
    notes
    shareConsent
    contactConsent
    dealershipId
    influence
    # the raw score means little on its own; its place in the store's ranking tells a salesperson who this is
    storeRank
    createdAt
    erasedAt
  }
`);

/** tel: link for a normalised +86 number; null when there is nothing to dial. */
export function telHref(phone: string | null | undefined): string | null {
  if (!phone || phone.includes('*')) return null;
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.length >= 7 ? `tel:${digits}` : null;
}

export function ProfileCard({
  person: ref,
  onRecordSale,
  onAddTie,
  onMerge,
  onErase,
  onExport,
  onEdit,
}: {
  person: FragmentType<typeof ProfileCardFragment>;
  /** Opens the record-a-sale form; the button shows only when given and the viewer records sales. */
  onRecordSale?: () => void;
  /** Opens the add-a-relationship form; the button shows only when given and the viewer writes people. */
  onAddTie?: () => void;
  /** Opens the merge-a-duplicate panel (store staff). */
  onMerge?: () => void;
  /** Opens the erasure panel (the store's manager, admins). */
  onErase?: () => void;
  /** Opens the copy-of-their-data panel (the store's manager, admins). */
  onExport?: () => void;
  /** Opens the edit-details panel (store staff). */
  onEdit?: () => void;
}) {
  const p = getFragmentData(ProfileCardFragment, ref);
  const storeRank = p.storeRank ?? null;
  const { t, tEnum, day, num } = useI18n();
  const { user } = useSignedIn();
  const tel = p.contactConsent ? telHref(p.phone) : null;
  const [editingConsent, setEditingConsent] = useState(false);
  const canEdit = !p.erasedAt && canWriteRecordOf(user, p.dealershipId);
  return (
    <section className="panel profile" aria-labelledby="person-name">
      <div className="profile-head">
        <div className="avatar" aria-hidden="true">
          {p.name.slice(0, 1)}
        </div>
        <div>
          <h1 id="person-name">
            {p.name} <span className={`badge badge-${p.kind.toLowerCase()}`}>{tEnum('kind', p.kind)}</span>
          </h1>
          <p className="muted">
            {[p.city, p.region, p.employer].filter(Boolean).join(' · ') || t('person.noPlace')}
          </p>
        </div>
        <div className="profile-actions">
          {tel && (
            <a className="btn" href={tel}>
              {t('action.call')}
            </a>
          )}
          {p.kind === 'PROSPECT' && canWritePeople(user.role) && canSee(user.role, 'visit') && (
            <Link className="btn btn-primary" to={href('/visits/new', { prospect: p.id })}>
              {t('visit.recordFor')}
            </Link>
          )}
          {onAddTie && canEdit && (
            <button type="button" className="btn" onClick={onAddTie} data-testid="add-tie-open">
              {t('tie.add')}
            </button>
          )}
          {onRecordSale && !p.erasedAt && canRecordSales(user.role) && (
            <button type="button" className="btn" onClick={onRecordSale} data-testid="record-sale-open">
              {t('sale.record')}
            </button>
          )}
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('person.phone')}</dt>
          <dd className="tabular">{p.phone ? displayPhone(p.phone) : t('person.phoneHidden')}</dd>
        </div>
        <div>
          <dt>{t('person.consent')}</dt>
          <dd>
            <span className={`consent ${p.shareConsent ? 'yes' : 'no'}`}>
              {p.shareConsent ? t('consent.shareYes') : t('consent.shareNo')}
            </span>{' '}
            <span className={`consent ${p.contactConsent ? 'yes' : 'no'}`}>
              {p.contactConsent ? t('consent.contactYes') : t('consent.contactNo')}
            </span>{' '}
            {canEdit && !editingConsent && (
              <button type="button" className="btn btn-small btn-quiet" onClick={() => setEditingConsent(true)} data-testid="consent-edit">
                {t('consent.change')}
              </button>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('person.influence')}</dt>
          <dd className="tabular" data-testid="influence">
            {p.influence === null || p.influence === undefined ? '—' : num(p.influence, 3)}
            {storeRank !== null && (
              <span className="badge store-rank" data-testid="store-rank">
                {t('person.storeRank', { rank: storeRank })}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('person.since')}</dt>
          <dd>{day(p.createdAt?.slice(0, 10))}</dd>
        </div>
        {p.notes && (
          <div className="facts-wide">
            <dt>{t('person.notes')}</dt>
            <dd>{p.notes}</dd>
          </div>
        )}
      </dl>
      {canEdit && (onMerge || onErase || onExport || onEdit) && (
        <div className="record-care">
          {onEdit && (
            <button type="button" className="btn btn-small btn-quiet" onClick={onEdit} data-testid="edit-open">
              {t('editPerson.open')}
            </button>
          )}
          {onMerge && (
            <button type="button" className="btn btn-small btn-quiet" onClick={onMerge} data-testid="merge-open">
              {t('merge.open')}
            </button>
          )}
          {onExport && canErasePeopleOf(user, p.dealershipId) && (
            <button type="button" className="btn btn-small btn-quiet" onClick={onExport} data-testid="export-open">
              {t('exportData.open')}
            </button>
          )}
          {canSee(user.role, 'audit') && (
            <Link to={href('/audit', { target: p.id })} className="btn btn-small btn-quiet" data-testid="audit-for-person">
              {t('audit.forPerson')}
            </Link>
          )}
          {onErase && canErasePeopleOf(user, p.dealershipId) && (
            <button type="button" className="btn btn-small btn-quiet" onClick={onErase} data-testid="erase-open">
              {t('erase.open')}
            </button>
          )}
        </div>
      )}
      {editingConsent && <ConsentEditor key={p.id} person={p} onClose={() => setEditingConsent(false)} />}
    </section>
  );
}
