import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { Link } from '../router.js';
import { MaskedName, PersonName } from '../ui/person-name.js';
import { Empty, QueryState } from '../ui/status.js';
import { toTree, treeStats, type TreeNode } from './referral-tree.js';

const TopReferrers = graphql(`
  query TopReferrers($first: Int) {
    topReferrers(first: $first) {
      person {
        id
        displayName
        masked
      }
      rank
      sales
      people
      depth
      breadth
      directReferrals
    }
  }
`);

// three hops of the generated relationship (the API's depth and cost limits: 1 x 20 x 10 x 10 people); a deeper
// chain continues when its last person is opened as a tree of their own
const ReferralTree = graphql(`
  query ReferralTree($id: ID!) {
    people(where: { id: { eq: $id } }, limit: 1) {
      id
      name
      referredConnection(first: 20) {
        edges {
          properties {
            date
            saleId
          }
          node {
            id
            name
            referredConnection(first: 10) {
              edges {
                properties {
                  date
                  saleId
                }
                node {
                  id
                  name
                  referredConnection(first: 10) {
                    edges {
                      properties {
                        date
                        saleId
                      }
                      node {
                        id
                        name
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`);

const ReferralCredit = graphql(`
  query ReferralCredit($saleId: ID!) {
    referralCredit(saleId: $saleId) {
      person {
        id
        displayName
        masked
      }
      position
      share
      shareNumerator
      shareDenominator
      referralDate
    }
  }
`);

export function ReferralsScreen() {
  const { t, num } = useI18n();
  const [selected, setSelected] = useState<string | null>(null);
  const [sale, setSale] = useState<string | null>(null);
  const [result, reexecute] = useQuery({ query: TopReferrers, variables: { first: 20 } });
  return (
    <section className="screen">
      <h1>{t('referrals.title')}</h1>
      <div className="two-col">
        <div className="panel">
          <h2>{t('referrals.top')}</h2>
          <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
            {(data) =>
              data.topReferrers.length === 0 ? (
                <Empty>{t('referrals.none')}</Empty>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('common.name')}</th>
                      <th scope="col">{t('referrals.sales')}</th>
                      <th scope="col">{t('referrals.people')}</th>
                      <th scope="col">{t('referrals.depth')}</th>
                      <th scope="col">{t('referrals.breadth')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.topReferrers.map((r) => (
                      <tr key={r.person.id} className={selected === r.person.id ? 'row-selected' : ''}>
                        <td className="tabular">{r.rank}</td>
                        <td>
                          {r.person.masked ? (
                            <MaskedName />
                          ) : (
                            <button
                              type="button"
                              className="link-btn"
                              onClick={() => {
                                setSelected(r.person.id);
                                setSale(null);
                              }}
                              aria-pressed={selected === r.person.id}
                            >
                              {r.person.displayName}
                            </button>
                          )}
                        </td>
                        <td className="tabular">{num(r.sales)}</td>
                        <td className="tabular">{num(r.people)}</td>
                        <td className="tabular">{num(r.depth)}</td>
                        <td className="tabular">{num(r.breadth)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </QueryState>
        </div>
        <div className="panel">
          <h2>{t('referrals.tree')}</h2>
          {selected ? <TreePanel id={selected} onSale={setSale} sale={sale} /> : <Empty>{t('referrals.pick')}</Empty>}
          {sale && <CreditPanel saleId={sale} />}
        </div>
      </div>
    </section>
  );
}

function TreePanel({ id, sale, onSale }: { id: string; sale: string | null; onSale(id: string): void }) {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: ReferralTree, variables: { id } });
  return (
    <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
      {(data) => {
        const root = data.people[0];
        if (!root) return <Empty>{t('person.notFound')}</Empty>;
        const tree = toTree(root);
        const stats = treeStats(tree);
        return (
          <>
            <p className="muted small">{t('referrals.stats', stats)}</p>
            <ul className="tree" role="tree" aria-label={t('referrals.tree')}>
              <TreeItem node={tree} sale={sale} onSale={onSale} />
            </ul>
          </>
        );
      }}
    </QueryState>
  );
}

function TreeItem({ node, sale, onSale }: { node: TreeNode; sale: string | null; onSale(id: string): void }) {
  const { t, day } = useI18n();
  return (
    <li role="treeitem" aria-expanded={node.children.length > 0 ? true : undefined} aria-selected={false}>
      <span className="tree-node">
        <Link to={`/people/${encodeURIComponent(node.id)}`}>{node.name}</Link>
        {node.date && <span className="muted small"> {day(node.date)}</span>}
        {node.saleId && (
          <button type="button" className={`badge badge-buyer link-btn ${sale === node.saleId ? 'active' : ''}`} onClick={() => onSale(node.saleId!)}>
            {t('referrals.creditFor')}
          </button>
        )}
      </span>
      {node.children.length > 0 && (
        <ul role="group">
          {node.children.map((c) => (
            <TreeItem key={c.id} node={c} sale={sale} onSale={onSale} />
          ))}
        </ul>
      )}
    </li>
  );
}

function CreditPanel({ saleId }: { saleId: string }) {
  const { t, pct } = useI18n();
  const [result, reexecute] = useQuery({ query: ReferralCredit, variables: { saleId } });
  return (
    <div className="credit">
      <h3>{t('referrals.credit')}</h3>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.referralCredit.length === 0 ? (
            <Empty>{t('referrals.noCredit')}</Empty>
          ) : (
            <ul className="ranked">
              {data.referralCredit.map((c) => (
                <li key={c.person.id} className="ranked-head">
                  <span>
                    <PersonName person={c.person} />{' '}
                    <span className="muted small">{t('referrals.position', { n: c.position })}</span>
                  </span>
                  <span className="bar" aria-hidden="true">
                    <span style={{ width: `${100 * c.share}%` }} />
                  </span>
                  <span className="tabular" title={`${c.shareNumerator}/${c.shareDenominator}`}>
                    {pct(c.share, 1)}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </div>
  );
}
