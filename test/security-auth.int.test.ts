import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../server/auth/jwt.js';
import { accountKey, addressKey, createLoginLimiter, SlidingWindowCounter } from '../server/auth/rate-limit.js';
import { DomainError } from '../server/errors.js';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';

const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

describe('login limiter (unit, with a fake clock)', () => {
  const limiter = (now: { t: number }, extra: Partial<Parameters<typeof createLoginLimiter>[0]> = {}) =>
    createLoginLimiter({ maxFailuresPerAccount: 3, maxFailuresPerAddress: 5, windowMs: 60_000, now: () => now.t, ...extra });
  const refused = (f: () => void) => {
    try {
      f();
      return null;
    } catch (e) {
      return e instanceof DomainError ? e.code : 'other';
    }
  };

  it('refuses an account after N failures within the window, and lets it in again as failures age out', () => {
    const now = { t: 0 };
    const l = limiter(now);
    for (let i = 0; i < 3; i++) {
      expect(refused(() => l.check('wang', '1.1.1.1'))).toBeNull();
      l.recordFailure('wang', `1.1.1.${i + 1}`);
      now.t += 1_000;
    }
    expect(refused(() => l.check('wang', '9.9.9.9'))).toBe('RATE_LIMITED');
    // the same account however it is typed
    expect(refused(() => l.check('  WANG ', '9.9.9.9'))).toBe('RATE_LIMITED');
    expect(refused(() => l.check('li', '9.9.9.9'))).toBeNull();
    now.t = 60_001; // the first failure has left the window
    expect(refused(() => l.check('wang', '9.9.9.9'))).toBeNull();
  });

  it('refuses an address after M failures over any accounts; a success clears the account, not the address', () => {
    const now = { t: 0 };
    const l = limiter(now);
    for (let i = 0; i < 5; i++) l.recordFailure(`user${i}`, '10.0.0.7');
    expect(refused(() => l.check('someone-else', '10.0.0.7'))).toBe('RATE_LIMITED');
    expect(refused(() => l.check('someone-else', '10.0.0.8'))).toBeNull();
    l.recordSuccess('user1', '10.0.0.7');
    expect(refused(() => l.check('user1', '10.0.0.7'))).toBe('RATE_LIMITED');
    const m = limiter(now);
    for (let i = 0; i < 3; i++) m.recordFailure('zhao', `10.1.0.${i}`);
    m.recordSuccess('zhao', '10.1.0.9');
    expect(refused(() => m.check('zhao', '10.1.0.9'))).toBeNull();
  });

  it('groups IPv6 clients by /64 and IPv4-mapped addresses with IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:2::1')).not.toBe(addressKey('2001:db8:1:3::1'));
    expect(addressKey('::ffff:192.168.1.5')).toBe('192.168.1.5');
    expect(accountKey('Ｗａｎｇ')).toBe('wang');
  });

  it('stays bounded in memory under a flood of names', () => {
    const c = new SlidingWindowCounter(60_000, 1_000);
    for (let i = 0; i < 50_000; i++) c.add(`name-${i}`, i);
    expect(c.size).toBe(1_000);
    expect(c.count('name-49999', 50_000)).toBe(1);
  });
});

describe('login through the API: rate limits, expiry, disabled accounts', () => {
  let api: TestApi;
  let username: string;
  let userId: string;
  const password = 'right password 1';

  async function login(u: string, p: string, ip: string) {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      // the app trusts a proxy on loopback, so the test can speak for several client addresses
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ query: LOGIN, variables: { u, p } }),
    });
    const body = (await res.json()) as { data?: { login?: { token: string } } | null; errors?: { message: string; extensions?: { code?: string } }[] };
    return {
      code: body.errors?.[0]?.extensions?.code ?? null,
      message: body.errors?.[0]?.message,
      token: body.data?.login?.token,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      extensions: body.errors?.[0]?.extensions,
    };
  }

  beforeAll(async () => {
    api = await startTestApi({ QUANZI_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', QUANZI_LOGIN_MAX_FAILURES_PER_ADDRESS: '6', QUANZI_USER_STATUS_CACHE_MS: '300' });
    username = uid('login');
    userId = uid('uid');
    await api.cypher(
      `CREATE (:User {id: $id, username: $u, displayName: 'x', role: 'SALESPERSON', dealershipId: 'd-login', disabled: false,
                      passwordHash: $h, createdAt: datetime()})`,
      { id: userId, u: username, h: bcrypt.hashSync(password, 4) },
    );
  });
  afterAll(async () => {
    await api.stop();
  });

  it('locks an account after 3 wrong passwords, even for the right one, and says so with RATE_LIMITED', async () => {
    expect((await login(username, password, '203.0.113.1')).token).toBeTruthy();
    for (let i = 0; i < 3; i++) expect((await login(username, 'wrong', `203.0.113.${10 + i}`)).code).toBe('UNAUTHENTICATED');
    const locked = await login(username, password, '203.0.113.99');
    expect(locked.code).toBe('RATE_LIMITED');
    expect(locked.message).toMatch(/try again in \d+ minute/);
    // HTTP says it too, with when to come back; nothing of the http hint leaks into the error itself
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(api.config.auth.loginWindowSeconds);
    expect(locked.extensions).not.toHaveProperty('http');
  });

  it('locks an address after 6 failures over many accounts, other addresses unaffected', async () => {
    for (let i = 0; i < 6; i++) expect((await login(uid('nobody'), 'x', '198.51.100.7')).code).toBe('UNAUTHENTICATED');
    expect((await login(uid('nobody'), 'x', '198.51.100.7')).code).toBe('RATE_LIMITED');
    expect((await login(uid('nobody'), 'x', '198.51.100.8')).code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token with 401', async () => {
    const token = await signToken({ sub: uid('u'), username: 'x', role: 'admin', dealershipId: null }, api.config.auth.jwtSecret, 1);
    expect((await api.gql('{ graphStats { people } }', {}, token)).errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 2_100));
    const late = await api.gql('{ graphStats { people } }', {}, token);
    expect(late.status).toBe(401);
    expect(late.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("stops a disabled user's token, and a token whose role or dealership changed, within the cache time", async () => {
    const id = uid('victim');
    await api.cypher(
      `CREATE (:User {id: $id, username: $id, displayName: 'v', role: 'MANAGER', dealershipId: 'd-x', disabled: false, passwordHash: 'x', createdAt: datetime()})`,
      { id },
    );
    const token = await tokenFor(api.config, { role: 'manager', dealershipId: 'd-x', sub: id });
    expect((await api.gql('{ me { id } }', {}, token)).errors).toBeUndefined();
    await api.cypher('MATCH (u:User {id: $id}) SET u.disabled = true', { id });
    await new Promise((r) => setTimeout(r, 400));
    const off = await api.gql('{ people(limit: 1) { id } }', {}, token);
    expect(off.status).toBe(401);
    expect(off.errors?.[0]).toMatchObject({ message: 'This account is disabled', extensions: { code: 'UNAUTHENTICATED' } });
    await api.cypher('MATCH (u:User {id: $id}) SET u.disabled = false, u.role = "SALESPERSON"', { id });
    await new Promise((r) => setTimeout(r, 400));
    const demoted = await api.gql('{ people(limit: 1) { id } }', {}, token);
    expect(demoted.status).toBe(401);
    expect(demoted.errors?.[0]?.message).toMatch(/sign in again/);
    const fresh = await tokenFor(api.config, { role: 'salesperson', dealershipId: 'd-x', sub: id });
    expect((await api.gql('{ me { role } }', {}, fresh)).errors).toBeUndefined();
  });
});
