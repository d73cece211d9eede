import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { canWritePeople } from '../auth/roles.js';
import { useSignedIn } from '../auth/session.js';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, href, navigate, useLocation } from '../router.js';
import { Empty, QueryState } from '../ui/status.js';
import { useDebounced } from '../ui/use-debounced.js';
import { displayPhone } from '../ui/phone.js';
import { RecentVisitsPanel } from './recent-visits.js';

export const SearchPeople = graphql(`
  query SearchPeople($query: String!, $first: Int) {
    searchPeople(query: $query, first: $first) {
      id
      name
      phone
      kind
      city
      dealershipId
    }
  }
`);

/** What is worth sending: trimmed, at least one character (a Chinese surname is one). */
export function searchTerm(raw: string): string | null {
  const q = raw.trim().replace(/\s+/g, ' ');
  return q.length >= 1 ? q.slice(0, 100) : null;
}

export function SearchScreen() {
  const { t, tEnum } = useI18n();
  const { user } = useSignedIn();
  const writer = canWritePeople(user.role);
  const { query: params } = useLocation();
  const [text, setText] = useState(params.get('q') ?? '');
  const term = searchTerm(useDebounced(text, 250));
  const [result, reexecute] = useQuery({ query: SearchPeople, variables: { query: term ?? '', first: 20 }, pause: term === null });

  // keep the term in the address so back returns to the same results
  useEffect(() => {
    navigate(href('/search', { q: term }), { replace: true });
  }, [term]);

  return (
    <section className="screen">
      <div className="panel-head">
        <h1>{t('search.title')}</h1>
        {writer && (
          <Link className="btn" to={href('/people/new', { q: term })} data-testid="new-person">
            + {t('newPerson.title')}
          </Link>
        )}
      </div>
      <div className="search-box">
        <label htmlFor="search-input" className="sr-only">
          {t('search.label')}
        </label>
        <input
          id="search-input"
          type="search"
          className="input-lg"
          placeholder={t('search.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoFocus
          autoComplete="off"
          enterKeyHint="search"
        />
        {result.fetching && <span className="spinner spinner-inline" aria-hidden="true" />}
      </div>
      {term === null ? (
        <>
          <Empty>{t('search.hint')}</Empty>
          <RecentVisitsPanel />
        </>
      ) : (
        <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
          {(data) =>
            data.searchPeople.length === 0 ? (
              <Empty>
                {t('search.none', { query: term })}{' '}
                {writer && (
                  <Link to={href('/people/new', { q: term })} data-testid="new-person-from-search">
                    {t('newPerson.fromSearch', { query: term })}
                  </Link>
                )}
              </Empty>
            ) : (
              <ul className="result-list" aria-label={t('search.results')} aria-live="polite">
                {data.searchPeople.map((p) => (
                  <li key={p.id}>
                    <Link to={`/people/${encodeURIComponent(p.id)}`} className="result" data-person-id={p.id}>
                      <span className="result-name">{p.name}</span>
                      <span className={`badge badge-${p.kind.toLowerCase()}`}>{tEnum('kind', p.kind)}</span>
                      <span className="muted">{p.city ?? ''}</span>
                      <span className="muted tabular">{displayPhone(p.phone)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            )
          }
        </QueryState>
      )}
    </section>
  );
}
