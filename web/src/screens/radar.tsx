import { useState } from 'react';
import { useQuery } from 'urql';
import { canWriteRecordOf } from '../auth/roles.js';
import { useSignedIn } from '../auth/session.js';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { LogInteractionForm } from './person/log-interaction-form.js';
import { telHref } from './person/profile-card.js';
import { MaskedName } from '../ui/person-name.js';
import { Empty, QueryState } from '../ui/status.js';

const RepurchaseRadar = graphql(`
  query RepurchaseRadar($monthsSincePurchase: Int!, $first: Int!, $mine: Boolean!) {
    repurchaseRadar(monthsSincePurchase: $monthsSincePurchase, first: $first, mine: $mine) {
      personId
      name
      phone
      contactConsent
      saleId
      saleDate
      dealershipId
      monthsSincePurchase
      brand
      model
      healthScore
      band
      reasons
      warmestWayIn {
        kind
        personId
        name
        tieKind
        reason
      }
    }
  }
`);

export function RadarScreen() {
  const { t, tEnum, num, day } = useI18n();
  const [months, setMonths] = useState(30);
  const { user } = useSignedIn();
  const [logging, setLogging] = useState<string | null>(null);
  // a salesperson sees the buyers whose latest car they sold: the repurchase call is theirs to make
  const mine = user.role === 'salesperson';
  const [result, reexecute] = useQuery({ query: RepurchaseRadar, variables: { monthsSincePurchase: months, first: 50, mine } });
  return (
    <section className="screen">
      <div className="panel-head">
        <h1>{t(mine ? 'radar.titleMine' : 'radar.title')}</h1>
        <label className="inline-field">
          {t('radar.months')}
          <select value={months} onChange={(e) => setMonths(Number(e.target.value))}>
            {[24, 30, 33, 36].map((m) => (
              <option key={m} value={m}>
                {num(m)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">{t(mine ? 'radar.explainMine' : 'radar.explain')}</p>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.repurchaseRadar.length === 0 ? (
            <Empty>{t('radar.none')}</Empty>
          ) : (
            <ul className="stack" data-testid="radar">
              {data.repurchaseRadar.map((r) => {
                const tel = r.contactConsent ? telHref(r.phone) : null;
                const way = r.warmestWayIn;
                return (
                  <li key={r.saleId} className="card" data-person-id={r.personId}>
                    <div className="card-head">
                      {r.name ? (
                        <Link to={`/people/${encodeURIComponent(r.personId)}`}>
                          <strong>{r.name}</strong>
                        </Link>
                      ) : (
                        <MaskedName />
                      )}
                      <span>{[r.brand, r.model].filter(Boolean).join(' ')}</span>
                      <span className="muted small">
                        {day(r.saleDate)} · {t('radar.monthsAgo', { count: r.monthsSincePurchase })}
                      </span>
                      <span className={`badge band-${r.band.toLowerCase()}`}>{tEnum('band', r.band)}</span>
                      <span className="bar" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, r.healthScore)}%` }} />
                      </span>
                      <span className="tabular small">{t('radar.health', { health: num(r.healthScore) })}</span>
                    </div>
                    <ul className="reasons">
                      {r.reasons.map((x, i) => (
                        <li key={i}>{x}</li>
                      ))}
                    </ul>
                    <div className="card-actions">
                      {way && (
                        <p className="small">
                          <strong>{t('radar.warmestWay')}</strong> {tEnum('wayIn', way.kind)} ·{' '}
                          {way.personId ? <Link to={`/people/${encodeURIComponent(way.personId)}`}>{way.name}</Link> : way.name}
                          {way.tieKind ? ` (${tEnum('tie', way.tieKind)})` : ''} — <span className="muted">{way.reason}</span>
                        </p>
                      )}
                      {tel && (
                        <a className="btn btn-small" href={tel}>
                          {t('action.call')}
                        </a>
                      )}
                      {r.name && canWriteRecordOf(user, r.dealershipId) && logging !== r.personId && (
                        <button type="button" className="btn btn-small btn-quiet" onClick={() => setLogging(r.personId)} data-testid="radar-log">
                          {t('radar.logContact')}
                        </button>
                      )}
                    </div>
                    {/* after the call: logged here, the health above counts it when the radar reloads */}
                    {logging === r.personId && <LogInteractionForm personId={r.personId} compact />}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
