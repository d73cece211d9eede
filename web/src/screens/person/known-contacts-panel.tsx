import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { MaskedName, PersonName } from '../../ui/person-name.js';
import { Empty, QueryState, Stars } from '../../ui/status.js';
import { telHref } from './profile-card.js';

export const KnownContactTestimonials = graphql(`
  query KnownContactTestimonials($prospectId: ID!, $maxHops: Int, $first: Int) {
    knownContactTestimonials(prospectId: $prospectId, maxHops: $maxHops, first: $first) {
      id
      text
      rating
      date
      vehicle
      canCall
      hops
      pathStrength
      author {
        id
        displayName
        masked
      }
      path {
        people {
          id
          displayName
          masked
        }
        ties {
          from
          to
          kind
          strength
        }
      }
    }
  }
`);

// the call button needs the author's number, which the testimonial answer does not carry
const AuthorPhones = graphql(`
  query AuthorPhones($ids: [ID!]!) {
    people(where: { id: { in: $ids } }, limit: 50) {
      id
      phone
      contactConsent
    }
  }
`);

/** The nearest few first; the rest on request, so the circle stays in view on a tablet. */
const SHOWN = 3;

/** "people they know who bought here": what a salesperson shows a doubting prospect. */
export function KnownContactsPanel({ prospectId }: { prospectId: string }) {
  const { t, tEnum, day, num } = useI18n();
  const [all, setAll] = useState(false);
  const [result, reexecute] = useQuery({ query: KnownContactTestimonials, variables: { prospectId, maxHops: 3, first: 10 } });
  const callable = (result.data?.knownContactTestimonials ?? []).filter((k) => k.canCall && !k.author.masked).map((k) => k.author.id);
  const [phones] = useQuery({ query: AuthorPhones, variables: { ids: callable }, pause: callable.length === 0 });
  const phoneOf = new Map((phones.data?.people ?? []).filter((p) => p.contactConsent).map((p) => [p.id, p.phone]));
  return (
    <section className="panel" aria-labelledby="known-title" data-testid="known-contacts">
      <h2 id="known-title">{t('known.title')}</h2>
      <p className="muted small">{t('known.explain')}</p>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.knownContactTestimonials.length === 0 ? (
            <Empty>{t('known.none')}</Empty>
          ) : (
            <>
            <ul className="stack">
              {data.knownContactTestimonials.slice(0, all ? undefined : SHOWN).map((k) => {
                const tel = k.canCall ? telHref(phoneOf.get(k.author.id)) : null;
                return (
                  <li key={k.id} className="card known" data-testid="known-contact" data-author-id={k.author.id}>
                    <div className="card-head">
                      <strong>
                        <PersonName person={k.author} />
                      </strong>
                      {k.rating !== null && k.rating !== undefined && <Stars rating={k.rating} />}
                      {k.vehicle && <span>{k.vehicle}</span>}
                      <span className="muted small">{day(k.date)}</span>
                      <span className="badge">{t('known.hops', { count: k.hops })}</span>
                    </div>
                    <blockquote className="quote">{k.text}</blockquote>
                    <p className="path small" aria-label={t('known.path')}>
                      {k.path.people.map((p, i) => {
                        const tie = i > 0 ? k.path.ties[i - 1] : undefined;
                        return (
                          <span key={`${p.id}-${i}`} className="path-step">
                            {tie && (
                              <span className="path-tie muted">
                                {' '}— {tEnum('tie', tie.kind)} {num(tie.strength, 2)} —{' '}
                              </span>
                            )}
                            {p.masked ? <MaskedName onPath /> : i === 0 ? <span>{p.displayName}</span> : <Link to={`/people/${encodeURIComponent(p.id)}`}>{p.displayName}</Link>}
                          </span>
                        );
                      })}
                      <span className="muted"> · {t('known.pathStrength', { strength: num(k.pathStrength, 2) })}</span>
                    </p>
                    <div className="card-actions">
                      {tel ? (
                        <a className="btn btn-primary" href={tel} data-testid="call-author">
                          {t('known.call', { name: k.author.displayName })}
                        </a>
                      ) : (
                        <span className="muted small">{k.canCall ? t('known.noPhone') : t('known.noCall')}</span>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
            {!all && data.knownContactTestimonials.length > SHOWN && (
              <button type="button" className="btn btn-small show-all" onClick={() => setAll(true)} data-testid="known-show-all">
                {t('known.showAll', { count: data.knownContactTestimonials.length })}
              </button>
            )}
            </>
          )
        }
      </QueryState>
    </section>
  );
}
