import { GraphQLError } from 'graphql';
import { log } from '../logger.js';
import { currentRequestId } from '../request-scope.js';
import type { QueryRunner } from '../queries/driver.js';
import { findUserById } from '../queries/users.queries.js';
import type { TokenClaims } from './jwt.js';

/** What a token is checked against: kept small, never the password hash. */
export interface UserStatus {
  disabled: boolean;
  role: string;
  dealershipId: string | null;
}

export type TokenVerdict = 'ok' | 'disabled' | 'changed';

export interface UserStatusCache {
  /**
   * 'disabled' for a disabled account, 'changed' when the account's role or dealership is no longer what the token
   * says, else 'ok'. A token whose user does not exist is 'ok': users are disabled, never deleted.
   */
  verdict(claims: Pick<TokenClaims, 'sub' | 'role' | 'dealershipId'>): Promise<TokenVerdict>;
  /** Forget one user (after an admin changed them) or everyone. */
  invalidate(userId?: string): void;
}

interface Entry {
  status: UserStatus | null;
  at: number;
}

/**
 * Per-process cache of each user's status, so a disabled user's token stops working within `ttlMs` while a busy
 * client costs one lookup per user per `ttlMs`, not one per request. Concurrent lookups of one user share a query.
 */
export function createUserStatusCache(
  runner: QueryRunner,
  opts: { ttlMs: number; maxEntries?: number; now?: () => number } = { ttlMs: 5_000 },
): UserStatusCache {
  const now = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 50_000;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<UserStatus | null>>();

  const lookup = (userId: string): Promise<UserStatus | null> => {
    let p = pending.get(userId);
    if (!p) {
      p = findUserById(runner, userId)
        .then((u) => (u ? { disabled: u.disabled, role: u.role.toLowerCase(), dealershipId: u.dealershipId ?? null } : null))
        .finally(() => pending.delete(userId));
      pending.set(userId, p);
    }
    return p;
  };

  const status = async (userId: string): Promise<UserStatus | null> => {
    const cached = entries.get(userId);
    const t = now();
    if (cached && t - cached.at < opts.ttlMs) return cached.status;
    try {
      const fresh = await lookup(userId);
      entries.delete(userId);
      entries.set(userId, { status: fresh, at: t });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return fresh;
    } catch (err) {
      // the database is unreachable: a recent answer is better than none; without one, the caller answers 503
      if (cached) {
        log.warn('user status lookup failed; using the last known status', {
          requestId: currentRequestId(),
          error: String((err as Error)?.message),
        });
        return cached.status;
      }
      throw err;
    }
  };

  return {
    async verdict(claims) {
      const s = await status(claims.sub);
      if (!s) return 'ok';
      if (s.disabled) return 'disabled';
      if (s.role !== claims.role || (s.dealershipId ?? null) !== (claims.dealershipId ?? null)) return 'changed';
      return 'ok';
    },
    invalidate(userId) {
      if (userId === undefined) entries.clear();
      else entries.delete(userId);
    },
  };
}

/**
 * For the request context: throws a client-ready GraphQLError (401 UNAUTHENTICATED, or 503 SERVICE_UNAVAILABLE
 * when the database cannot be asked) unless the token's user may still use it.
 */
export async function assertTokenUsable(
  cache: UserStatusCache,
  claims: Pick<TokenClaims, 'sub' | 'role' | 'dealershipId'>,
): Promise<void> {
  let verdict: TokenVerdict;
  try {
    verdict = await cache.verdict(claims);
  } catch (err) {
    log.warn('user status unavailable', { requestId: currentRequestId(), error: String((err as Error)?.message) });
    throw new GraphQLError('The database is not reachable right now; try again shortly', {
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
  }
  if (verdict === 'disabled') {
    throw new GraphQLError('This account is disabled', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
  if (verdict === 'changed') {
    throw new GraphQLError('Your role or dealership has changed; sign in again', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}
