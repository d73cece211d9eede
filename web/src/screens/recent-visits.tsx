import { useQuery } from 'urql';
import { graphql } from '../gql/index.js';
import { todayDay } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { CompanionList } from '../ui/companion-list.js';
import { Link } from '../router.js';
import { Empty, QueryState } from '../ui/status.js';

export const RECENT_VISIT_DAYS = 7;

const RecentVisits = graphql(`
  query RecentVisits($since: Date!) {
    visits(where: { date: { gte: $since } }, sort: [{ date: DESC }], limit: 12) {
      id
      date
      kind
      visitor(limit: 1) {
        id
        name
        kind
      }
      companionsConnection(first: 5) {
        edges {
          properties {
            role
          }
          node {
            id
            name
          }
        }
      }
    }
  }
`);

/** The first day of the last `days` days, today included (China time). */
export function recentSince(today: string, days: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - (days - 1))).toISOString().slice(0, 10);
}

/**
 * Who walked into the store lately, newest first, with whom: the person in front of the salesperson is usually
 * one of them, one tap away instead of a name to type. The store rule of the generated API scopes the list.
 */
export function RecentVisitsPanel() {
  const { t, tEnum, day } = useI18n();
  const [result, reexecute] = useQuery({ query: RecentVisits, variables: { since: recentSince(todayDay(), RECENT_VISIT_DAYS) } });
  return (
    <section className="panel" aria-labelledby="recent-visits-title" data-testid="recent-visits">
      <h2 id="recent-visits-title">{t('search.recent', { days: RECENT_VISIT_DAYS })}</h2>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.visits.length === 0 ? (
            <Empty>{t('search.recentNone', { days: RECENT_VISIT_DAYS })}</Empty>
          ) : (
            <ul className="timeline">
              {data.visits.map((v) => {
                const who = v.visitor[0];
                return (
                  <li key={v.id} data-visit-id={v.id}>
                    <span className="muted">{day(v.date)}</span> <strong>{tEnum('visitKind', v.kind)}</strong>{' '}
                    {who && (
                      <>
                        <Link to={`/people/${encodeURIComponent(who.id)}`} data-person-id={who.id}>
                          {who.name}
                        </Link>{' '}
                        <span className={`badge badge-${who.kind.toLowerCase()}`}>{tEnum('kind', who.kind)}</span>
                      </>
                    )}
                    <CompanionList edges={v.companionsConnection.edges} />
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
