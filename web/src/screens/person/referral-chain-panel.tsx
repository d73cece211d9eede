import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { PersonName } from '../../ui/person-name.js';
import { Empty, QueryState } from '../../ui/status.js';
import { RecordReferralForm } from './record-referral-form.js';

export const ReferralChainQuery = graphql(`
  query ReferralChain($personId: ID!) {
    referralChain(personId: $personId) {
      depth
      truncated
      originator {
        id
        displayName
        masked
      }
      hops {
        from {
          id
          displayName
          masked
        }
        to {
          id
          displayName
          masked
        }
        date
        channel
        saleId
      }
    }
  }
`);

export function ReferralChainPanel({ personId, canRecord }: { personId: string; canRecord: boolean }) {
  const { t, day } = useI18n();
  const [result, reexecute] = useQuery({ query: ReferralChainQuery, variables: { personId } });
  // keyed by person: another person's page opens with the form closed
  const [recordingFor, setRecordingFor] = useState<string | null>(null);
  return (
    <section className="panel" aria-labelledby="chain-title">
      <div className="panel-head">
        <h2 id="chain-title">{t('chain.title')}</h2>
        {canRecord && recordingFor !== personId && (
          <button type="button" className="btn btn-small" onClick={() => setRecordingFor(personId)} data-testid="referral-open">
            {t('referral.record')}
          </button>
        )}
      </div>
      {recordingFor === personId && <RecordReferralForm refereeId={personId} onDone={() => setRecordingFor(null)} />}
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          const chain = data.referralChain;
          if (chain.hops.length === 0) return <Empty>{t('chain.none')}</Empty>;
          return (
            <>
              {chain.truncated && <p className="notice small">{t('chain.truncated')}</p>}
              <ol className="chain">
                <li>
                  <PersonName person={chain.originator} /> <span className="badge">{t('chain.originator')}</span>
                </li>
                {chain.hops.map((h) => (
                  <li key={`${h.from.id}>${h.to.id}`}>
                    <span className="muted small">
                      {t('chain.referred')} {day(h.date)}
                      {h.channel ? ` · ${h.channel}` : ''}
                    </span>{' '}
                    <PersonName person={h.to} onPath />
                    {h.saleId && <span className="badge badge-buyer">{t('chain.sale')}</span>}
                  </li>
                ))}
              </ol>
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
