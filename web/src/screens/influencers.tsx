import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { DealershipSelect, useDealerships } from '../ui/dealership-select.js';
import { PersonName } from '../ui/person-name.js';
import { Empty, QueryState } from '../ui/status.js';
import { useDebounced } from '../ui/use-debounced.js';

const Influencers = graphql(`
  query Influencers($first: Int, $region: String, $dealershipId: ID, $contactableOnly: Boolean) {
    influencers(first: $first, region: $region, dealershipId: $dealershipId, contactableOnly: $contactableOnly) {
      person {
        id
        displayName
        masked
      }
      region
      dealershipId
      rank
      score
      centrality
      advisedBought
      referralSales
      accompaniedSales
      contactConsent
      computedAt
    }
  }
`);

const PARTS = ['centrality', 'advisedBought', 'referralSales', 'accompaniedSales'] as const;
const PART_COLORS: Record<(typeof PARTS)[number], string> = {
  centrality: '#1971c2',
  advisedBought: '#e8a100',
  referralSales: '#2b8a3e',
  accompaniedSales: '#d9480f',
};

export function InfluencersScreen() {
  const { t, num, moment } = useI18n();
  const [region, setRegion] = useState('');
  const [dealershipId, setDealershipId] = useState('');
  // an invitation or a referral request needs the person's consent to be contacted
  const [contactableOnly, setContactableOnly] = useState(false);
  const stores = useDealerships();
  const debouncedRegion = useDebounced(region.trim(), 300);
  const [result, reexecute] = useQuery({
    query: Influencers,
    variables: { first: 30, region: debouncedRegion || null, dealershipId: dealershipId || null, contactableOnly },
  });
  return (
    <section className="screen">
      <h1>{t('influencers.title')}</h1>
      <p className="muted">{t('influencers.explain')}</p>
      <div className="filters">
        <label className="field">
          <span>{t('common.region')}</span>
          <input value={region} onChange={(e) => setRegion(e.target.value)} placeholder={t('influencers.regionHint')} name="region" />
        </label>
        <DealershipSelect options={stores} value={dealershipId} onChange={setDealershipId} allLabel={t('common.all')} />
        <label className="check">
          <input type="checkbox" name="contactableOnly" checked={contactableOnly} onChange={(e) => setContactableOnly(e.target.checked)} />
          {t('influencers.contactableOnly')}
        </label>
      </div>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          if (data.influencers.length === 0) return <Empty>{t('influencers.none')}</Empty>;
          const maxScore = Math.max(...data.influencers.map((i) => i.score), 0.0001);
          const computedAt = data.influencers[0]?.computedAt;
          return (
            <>
              {computedAt && <p className="muted small">{t('influencers.computedAt', { at: moment(computedAt) })}</p>}
              <div className="table-wrap">
                <table className="table" data-testid="influencers">
                  <thead>
                    <tr>
                      <th scope="col">#</th>
                      <th scope="col">{t('common.name')}</th>
                      <th scope="col" className="wide-only">
                        {t('common.region')}
                      </th>
                      <th scope="col">{t('influencers.score')}</th>
                      {PARTS.map((p) => (
                        <th key={p} scope="col" className={p === 'centrality' ? '' : 'wide-only'}>
                          <span className="swatch" style={{ background: PART_COLORS[p] }} aria-hidden="true" /> {t(`influencers.part.${p}`)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.influencers.map((i) => (
                      <tr key={i.person.id} data-person-id={i.person.id}>
                        <td className="tabular">{i.rank}</td>
                        <td>
                          <PersonName person={i.person} />
                          {!i.contactConsent && (
                            <span className="badge" title={t('influencers.noContactHint')}>
                              {t('influencers.noContact')}
                            </span>
                          )}
                        </td>
                        <td className="wide-only">{i.region ?? ''}</td>
                        <td className="tabular">
                          <span className="score-cell">
                            <span className="bar" aria-hidden="true">
                              <span style={{ width: `${(100 * i.score) / maxScore}%` }} />
                            </span>
                            {num(i.score, 2)}
                          </span>
                        </td>
                        <td className="tabular">{num(i.centrality, 2)}</td>
                        <td className="tabular wide-only">{num(i.advisedBought)}</td>
                        <td className="tabular wide-only">{num(i.referralSales)}</td>
                        <td className="tabular wide-only">{num(i.accompaniedSales)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
