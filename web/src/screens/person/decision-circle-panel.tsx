import { useQuery } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { Empty, QueryState } from '../../ui/status.js';
import { PersonName } from '../../ui/person-name.js';

export const DecisionCircle = graphql(`
  query DecisionCircle($personId: ID!) {
    decisionCircle(personId: $personId) {
      person {
        id
        displayName
        masked
      }
      weight
      reasons
      reasonsZh
      tieKinds
      visits
    }
  }
`);

export function DecisionCirclePanel({ personId }: { personId: string }) {
  const { t, tEnum, num, locale, list } = useI18n();
  const [result, reexecute] = useQuery({ query: DecisionCircle, variables: { personId } });
  return (
    <section className="panel" aria-labelledby="circle-title">
      <h2 id="circle-title">{t('circle.title')}</h2>
      <p className="muted small">{t('circle.explain')}</p>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          const members = data.decisionCircle;
          if (members.length === 0) return <Empty>{t('circle.none')}</Empty>;
          const max = Math.max(...members.map((m) => m.weight), 0.0001);
          return (
            <ol className="ranked" data-testid="decision-circle">
              {members.map((m) => (
                <li key={m.person.id}>
                  <div className="ranked-head">
                    <span>
                      <PersonName person={m.person} />
                      {m.tieKinds.length > 0 && <span className="muted small"> · {list(m.tieKinds.map((k) => tEnum('tie', k)))}</span>}
                    </span>
                    <span className="bar" aria-hidden="true">
                      <span style={{ width: `${(100 * m.weight) / max}%` }} />
                    </span>
                    <span className="tabular small">{num(m.weight, 2)}</span>
                  </div>
                  <ul className="reasons">
                    {(locale === 'zh-CN' ? m.reasonsZh : m.reasons).map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          );
        }}
      </QueryState>
    </section>
  );
}
