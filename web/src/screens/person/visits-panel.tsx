import { graphql, getFragmentData, type FragmentType } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { CompanionList } from '../../ui/companion-list.js';
import { Link } from '../../router.js';
import { Empty } from '../../ui/status.js';

export const VisitsPanelFragment = graphql(`
  fragment VisitsPanel_person on Person {
    visits(sort: [{ date: DESC }], limit: 20) {
      id
      date
      kind
      notes
      companionsConnection(first: 10) {
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
    accompanied(sort: [{ date: DESC }], limit: 20) {
      id
      date
      kind
      visitor(limit: 1) {
        id
        name
      }
    }
  }
`);

export function VisitsPanel({ person: ref }: { person: FragmentType<typeof VisitsPanelFragment> }) {
  const p = getFragmentData(VisitsPanelFragment, ref);
  const { t, tEnum, day } = useI18n();
  const none = p.visits.length === 0 && p.accompanied.length === 0;
  return (
    <section className="panel" aria-labelledby="visits-title">
      <h2 id="visits-title">{t('person.visits')}</h2>
      {none ? (
        <Empty>{t('person.noVisits')}</Empty>
      ) : (
        <ul className="timeline">
          {p.visits.map((v) => (
            <li key={v.id} data-visit-id={v.id}>
              <span className="muted">{day(v.date)}</span> <strong>{tEnum('visitKind', v.kind)}</strong>
              <CompanionList edges={v.companionsConnection.edges} />
              {v.notes && <p className="muted small">{v.notes}</p>}
            </li>
          ))}
          {p.accompanied.map((v) => (
            <li key={`a-${v.id}`}>
              <span className="muted">{day(v.date)}</span> {t('visit.accompanied')}{' '}
              {v.visitor.map((x) => (
                <Link key={x.id} to={`/people/${encodeURIComponent(x.id)}`}>
                  {x.name}
                </Link>
              ))}{' '}
              <span className="muted">({tEnum('visitKind', v.kind)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
