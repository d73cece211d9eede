import { graphql, getFragmentData, type FragmentType } from '../../gql/index.js';
import { canWriteRecordOf } from '../../auth/roles.js';
import { useSignedIn } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { Empty, Stars } from '../../ui/status.js';
import { TestimonialActions } from './testimonial-actions.js';

export const PurchasesPanelFragment = graphql(`
  fragment PurchasesPanel_person on Person {
    dealershipId
    purchases(sort: [{ date: DESC }], limit: 20) {
      id
      date
      price
      vin
      model(limit: 1) {
        id
        brand
        model
      }
      serviceRecords(sort: [{ date: DESC }], limit: 20) {
        id
        date
        kind
        mileage
        notes
      }
      followUps(limit: 5) {
        id
        dueDate
        status
        doneAt
        outcome
      }
      testimonials(limit: 5) {
        id
        rating
        text
        status
        date
        consentToPublish
      }
    }
  }
`);

export function PurchasesPanel({ person: ref }: { person: FragmentType<typeof PurchasesPanelFragment> }) {
  const p = getFragmentData(PurchasesPanelFragment, ref);
  const { t, tEnum, day, money, num } = useI18n();
  const { user } = useSignedIn();
  const canWrite = canWriteRecordOf(user, p.dealershipId);
  const canPublish = canWrite && (user.role === 'manager' || user.role === 'admin');
  return (
    <section className="panel" aria-labelledby="purchases-title">
      <h2 id="purchases-title">{t('person.purchases')}</h2>
      {p.purchases.length === 0 ? (
        <Empty>{t('person.noPurchases')}</Empty>
      ) : (
        <ul className="stack">
          {p.purchases.map((s) => (
            <li key={s.id} className="card">
              <div className="card-head">
                <strong>{s.model.map((m) => `${m.brand} ${m.model}`).join(', ') || t('common.unknownModel')}</strong>
                <span className="tabular">{money(s.price)}</span>
                <span className="muted">{day(s.date)}</span>
              </div>
              {s.vin && <p className="muted small tabular">VIN {s.vin}</p>}
              {s.followUps.length > 0 && (
                <p className="small">
                  {t('person.followUp')}:{' '}
                  {s.followUps.map((f) => (
                    <span key={f.id} className={`badge badge-${f.status.toLowerCase()}`}>
                      {tEnum('followUpStatus', f.status)} · {day(f.dueDate)}
                    </span>
                  ))}
                </p>
              )}
              {s.testimonials.map((tm) => (
                <blockquote key={tm.id} className="quote small">
                  <Stars rating={tm.rating} /> {tm.text}{' '}
                  <span className="muted">({tEnum('testimonialStatus', tm.status)})</span>{' '}
                  {canWrite && <TestimonialActions testimonial={tm} canPublish={canPublish} />}
                </blockquote>
              ))}
              {s.serviceRecords.length > 0 && (
                <table className="table small">
                  <caption className="sr-only">{t('person.service')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('person.service')}</th>
                      <th scope="col">{t('common.date')}</th>
                      <th scope="col">{t('person.mileage')}</th>
                      <th scope="col">{t('person.notes')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.serviceRecords.map((r) => (
                      <tr key={r.id}>
                        <td>{tEnum('service', r.kind)}</td>
                        <td>{day(r.date)}</td>
                        <td className="tabular">{r.mileage === null || r.mileage === undefined ? '—' : `${num(r.mileage)} km`}</td>
                        <td>{r.notes ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
