import { Client, cacheExchange, fetchExchange, mapExchange, type CombinedError } from '@urql/core';
import { refetchExchange } from './refetch.js';

/** True when the API refused the token (expired, revoked, or the user was disabled). */
export function isAuthError(error: CombinedError): boolean {
  const status = (error.response as Response | undefined)?.status;
  return status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/**
 * One client per signed-in session (a new sign-in starts with an empty cache, so nothing of one user is
 * shown to the next). POST only: Apollo's CSRF guard refuses urql's GET queries.
 */
export function createApiClient(token: string | null, onAuthError: () => void): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    requestPolicy: 'cache-first',
    fetchOptions: (): RequestInit => ({
      headers: token ? { authorization: `Bearer ${token}` } : ({} as Record<string, string>),
    }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (token && isAuthError(error)) onAuthError();
        },
      }),
      refetchExchange(),
      cacheExchange,
      fetchExchange,
    ],
  });
}
