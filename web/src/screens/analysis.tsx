import { useState } from 'react';
import { useQuery } from 'urql';
import { BarChart, ColumnChart } from '../charts/bar-chart.js';
import { graphql } from '../gql/index.js';
import type { SalesDimension } from '../gql/graphql.js';
import { todayDay } from '../i18n/format.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { Empty, QueryState } from '../ui/status.js';

const SalesStatsQuery = graphql(`
  query SalesStats($groupBy: [SalesDimension!]!, $from: String, $to: String) {
    salesStats(groupBy: $groupBy, from: $from, to: $to) {
      from
      to
      truncated
      totals {
        count
        revenue
        averagePrice
        referralShare
        companionShare
      }
      groups {
        keys {
          dimension
          value
          label
        }
        count
        revenue
        averagePrice
        referralShare
        countChangeRate
      }
    }
  }
`);

const ModelDemandQuery = graphql(`
  query ModelDemand($region: String, $months: Int!) {
    modelDemand(region: $region, months: $months, first: 20) {
      months
      since
      medianSalesPerMonth
      models {
        vehicleModelId
        brand
        model
        circleBuyers
        prospectsReached
        recentSales
        salesPerMonth
        trend
        velocity
      }
    }
  }
`);

const GROUPS: { by: SalesDimension; title: MessageKey }[] = [
  { by: 'MODEL', title: 'analysis.byModel' },
  { by: 'REGION', title: 'analysis.byRegion' },
];

/** The same calendar day `years` earlier (29 February becomes 28 February). */
export function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, new Date(Date.UTC(y - years, m, 0)).getUTCDate());
  return `${y - years}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The same days of the previous month as `today`'s month so far: 1 March–27 March compares with 1–27 February, and
 * 31 March with the whole of February. The current month is never complete, so comparing it with a whole month
 * would show a fall on every first week.
 */
export function sameDaysLastMonth(today: string): { from: string; to: string; lastDay: number } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const daysInPrev = new Date(Date.UTC(py, pm, 0)).getUTCDate();
  const prefix = `${py}-${String(pm).padStart(2, '0')}`;
  return { from: `${prefix}-01`, to: `${prefix}-${String(Math.min(d, daysInPrev)).padStart(2, '0')}`, lastDay: d };
}

export function AnalysisScreen() {
  const { t } = useI18n();
  const today = todayDay();
  const [years, setYears] = useState(2);
  const from = yearsBefore(today, years);
  return (
    <section className="screen">
      <div className="panel-head">
        <h1>{t('analysis.title')}</h1>
        <label className="inline-field">
          {t('analysis.period')}
          <select value={years} onChange={(e) => setYears(Number(e.target.value))}>
            {[1, 2, 3, 5].map((y) => (
              <option key={y} value={y}>
                {t('analysis.years', { count: y })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <MonthPanel from={from} to={today} />
      <div className="two-col">
        {GROUPS.map((g) => (
          <GroupPanel key={g.by} by={g.by} title={t(g.title)} from={from} to={today} />
        ))}
      </div>
      <DemandPanel />
    </section>
  );
}

function MonthPanel({ from, to }: { from: string; to: string }) {
  const { t, num, month, money, pct } = useI18n();
  const [result, reexecute] = useQuery({ query: SalesStatsQuery, variables: { groupBy: ['MONTH'], from, to } });
  // the month in progress is compared with the same days of the month before, not with all of it
  const earlier = sameDaysLastMonth(to);
  const [previous] = useQuery({
    query: SalesStatsQuery,
    variables: { groupBy: [], from: earlier.from, to: earlier.to },
    pause: !result.data,
  });
  return (
    <div className="panel">
      <h2>{t('analysis.byMonth')}</h2>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {({ salesStats: s }) => {
          const rows = [...s.groups].sort((a, b) => (a.keys[0]?.label ?? '').localeCompare(b.keys[0]?.label ?? ''));
          if (s.totals.count === 0) return <Empty>{t('analysis.none')}</Empty>;
          const last = rows[rows.length - 1];
          const current = last?.keys[0]?.value === to.slice(0, 7) ? last : undefined;
          const before = previous.data?.salesStats.totals.count;
          const change = current && before ? (current.count - before) / before : null;
          return (
            <>
              <div className="kpis">
                <div>
                  <span className="kpi">{num(s.totals.count)}</span>
                  <span className="muted small">{t('analysis.sales')}</span>
                </div>
                <div>
                  <span className="kpi">{money(s.totals.revenue)}</span>
                  <span className="muted small">{t('analysis.revenue')}</span>
                </div>
                <div>
                  <span className="kpi">{money(s.totals.averagePrice)}</span>
                  <span className="muted small">{t('analysis.averagePrice')}</span>
                </div>
                <div>
                  <span className="kpi">{pct(s.totals.referralShare)}</span>
                  <span className="muted small">{t('analysis.fromReferrals')}</span>
                </div>
                <div>
                  <span className="kpi">{pct(s.totals.companionShare)}</span>
                  <span className="muted small">{t('analysis.withCompanions')}</span>
                </div>
                {current && (
                  <div className="month-to-date">
                    <span className="kpi">
                      {num(current.count)}
                      {change !== null && <span className="kpi-change"> {(change >= 0 ? '+' : '') + pct(change)}</span>}
                    </span>
                    <span className="muted small">{t('analysis.monthToDate', { day: earlier.lastDay })}</span>
                  </div>
                )}
                {!current && last && last.countChangeRate !== null && last.countChangeRate !== undefined && (
                  <div>
                    <span className="kpi">{(last.countChangeRate >= 0 ? '+' : '') + pct(last.countChangeRate)}</span>
                    <span className="muted small">{t('analysis.monthOverMonth')}</span>
                  </div>
                )}
              </div>
              <ColumnChart
                title={t('analysis.byMonth')}
                points={rows.map((r) => ({ label: month(r.keys[0]?.value ?? r.keys[0]?.label ?? ''), value: r.count, display: num(r.count) }))}
              />
            </>
          );
        }}
      </QueryState>
    </div>
  );
}

function GroupPanel({ by, title, from, to }: { by: SalesDimension; title: string; from: string; to: string }) {
  const { t, num, money } = useI18n();
  const [result, reexecute] = useQuery({ query: SalesStatsQuery, variables: { groupBy: [by], from, to } });
  return (
    <div className="panel">
      <h2>{title}</h2>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {({ salesStats: s }) => {
          const rows = [...s.groups].sort((a, b) => b.count - a.count).slice(0, 12);
          if (rows.length === 0) return <Empty>{t('analysis.none')}</Empty>;
          return (
            <BarChart
              title={title}
              bars={rows.map((r) => ({
                label: r.keys.map((k) => k.label).join(' · ') || t('analysis.unknown'),
                value: r.count,
                display: `${num(r.count)} · ${money(r.averagePrice)}`,
              }))}
            />
          );
        }}
      </QueryState>
    </div>
  );
}

function DemandPanel() {
  const { t, tEnum, num, pct } = useI18n();
  const [months, setMonths] = useState(6);
  const [result, reexecute] = useQuery({ query: ModelDemandQuery, variables: { region: null, months } });
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>{t('analysis.demand')}</h2>
        <label className="inline-field">
          {t('analysis.months')}
          <select value={months} onChange={(e) => setMonths(Number(e.target.value))}>
            {[3, 6, 12].map((m) => (
              <option key={m} value={m}>
                {num(m)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">{t('analysis.demandExplain')}</p>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {({ modelDemand: d }) =>
          d.models.length === 0 ? (
            <Empty>{t('analysis.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('analysis.model')}</th>
                    <th scope="col">{t('analysis.circleBuyers')}</th>
                    <th scope="col" className="wide-only">
                      {t('analysis.prospectsReached')}
                    </th>
                    <th scope="col">{t('analysis.velocity')}</th>
                    <th scope="col" className="wide-only">
                      {t('analysis.trend')}
                    </th>
                    <th scope="col">{t('analysis.pace')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.models.map((m) => (
                    <tr key={m.vehicleModelId}>
                      <td>
                        {m.brand} {m.model}
                      </td>
                      <td className="tabular">{num(m.circleBuyers)}</td>
                      <td className="tabular wide-only">{num(m.prospectsReached)}</td>
                      <td className="tabular">{num(m.salesPerMonth, 1)}</td>
                      <td className="tabular wide-only">{m.trend === null || m.trend === undefined ? '—' : (m.trend >= 0 ? '+' : '') + pct(m.trend)}</td>
                      <td>
                        <span className={`badge velocity-${m.velocity.toLowerCase()}`}>{tEnum('velocity', m.velocity)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </div>
  );
}
