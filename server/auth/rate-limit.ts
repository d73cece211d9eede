import { isIPv6 } from 'node:net';
import type { Config } from '../config.js';
import { DomainError, ErrorCode } from '../errors.js';

/** Timestamps of recent events per key, oldest first; bounded in keys so a flood of names cannot exhaust memory. */
export class SlidingWindowCounter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  private live(key: string, now: number): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    let drop = 0;
    while (drop < list.length && list[drop]! <= now - this.windowMs) drop++;
    if (drop > 0) list.splice(0, drop);
    if (list.length === 0) this.hits.delete(key);
    return list;
  }

  count(key: string, now: number): number {
    return this.live(key, now).length;
  }

  add(key: string, now: number): void {
    const list = this.live(key, now);
    list.push(now);
    // re-insert so Map order is "least recently failed first", and evict from the front when full
    this.hits.delete(key);
    this.hits.set(key, list);
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
  }

  clear(key: string): void {
    this.hits.delete(key);
  }

  /** Milliseconds until the count under `key` drops below `max`. */
  retryAfterMs(key: string, max: number, now: number): number {
    const list = this.live(key, now);
    if (list.length < max) return 0;
    return list[list.length - max]! + this.windowMs - now;
  }

  get size(): number {
    return this.hits.size;
  }
}

/** The same account whatever the case or Unicode form it is typed in. */
export function accountKey(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase();
}

/** One client address: IPv4 as is (also when IPv4-mapped), IPv6 by its /64, which one machine usually owns whole. */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv6(ip)) {
    const [head = '', tail = ''] = ip.toLowerCase().split('::');
    const left = head === '' ? [] : head.split(':');
    const right = tail === '' ? [] : tail.split(':');
    const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
    return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':') + '::/64';
  }
  return ip;
}

export interface LoginLimiter {
  /** Throws RATE_LIMITED when this account or address has failed too often within the window. */
  check(username: string, ip: string): void;
  recordFailure(username: string, ip: string): void;
  /** Clears the account's failures (not the address's: one good account must not reset an attacker's count). */
  recordSuccess(username: string, ip: string): void;
}

export interface LoginLimiterOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}

/**
 * In-memory sliding-window limits on failed logins, per account and per client address. One process only: several
 * API processes behind a proxy each count on their own, so they need a shared store (docs/security.md).
 */
export function createLoginLimiter(config: Pick<Config, 'auth'> | LoginLimiterOptions): LoginLimiter {
  const opts: LoginLimiterOptions =
    'auth' in config
      ? {
          maxFailuresPerAccount: config.auth.loginMaxFailuresPerAccount,
          maxFailuresPerAddress: config.auth.loginMaxFailuresPerAddress,
          windowMs: config.auth.loginWindowSeconds * 1000,
        }
      : config;
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 100_000;
  const accounts = new SlidingWindowCounter(opts.windowMs, maxKeys);
  const addresses = new SlidingWindowCounter(opts.windowMs, maxKeys);
  return {
    check(username, ip) {
      const t = now();
      const wait = Math.max(
        accounts.retryAfterMs(accountKey(username), opts.maxFailuresPerAccount, t),
        addresses.retryAfterMs(addressKey(ip), opts.maxFailuresPerAddress, t),
      );
      if (wait > 0) {
        const minutes = Math.max(1, Math.ceil(wait / 60_000));
        throw new DomainError(
          ErrorCode.RATE_LIMITED,
          `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
          undefined,
          Math.ceil(wait / 1000),
        );
      }
    },
    recordFailure(username, ip) {
      const t = now();
      accounts.add(accountKey(username), t);
      addresses.add(addressKey(ip), t);
    },
    recordSuccess(username) {
      accounts.clear(accountKey(username));
    },
  };
}
