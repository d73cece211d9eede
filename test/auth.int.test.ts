import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../server/services/auth.service.js';
import { loadConfig } from '../server/config.js';
import { startTestApi, testEnv, tokenFor, uid, type TestApi } from './support/test-api.js';

const LOGIN = `mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt user { id username role dealershipId } } }`;

describe('accounts: login, me, users', () => {
  let api: TestApi;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await tokenFor(api.config, { role: 'admin', sub: uid('admin') });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('creates a user (admin), who signs in and reads me; the hash is bcrypt and never exposed', async () => {
    const username = uid('sales');
    const dealershipId = uid('d');
    const created = await api.gql<{ createUser: { id: string; role: string } }>(
      `mutation ($i: CreateUserInput!) { createUser(input: $i) { id role dealershipId } }`,
      { i: { username, password: 'correct horse', displayName: '销售小王', role: 'salesperson', dealershipId } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const [row] = await api.cypher<{ hash: string; role: string }>('MATCH (u:User {username: $username}) RETURN u.passwordHash AS hash, u.role AS role', { username });
    expect(row!.hash).toMatch(/^\$2[aby]\$10\$/);
    expect(row!.role).toBe('SALESPERSON');

    const login = await api.gql<{ login: { token: string; user: { id: string; role: string; dealershipId: string } } }>(LOGIN, { u: username, p: 'correct horse' });
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.user).toMatchObject({ id: created.data!.createUser.id, role: 'salesperson', dealershipId });
    const me = await api.gql<{ me: { username: string } }>('{ me { username } }', {}, login.data!.login.token);
    expect(me.data!.me.username).toBe(username);
    const schemaLeak = await api.gql('{ users { passwordHash } }', {}, admin);
    expect(schemaLeak.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a wrong password, an unknown user and a disabled account alike', async () => {
    const username = uid('mkt');
    const c = await api.gql<{ createUser: { id: string } }>(
      `mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      { i: { username, password: 'right-password', displayName: 'm', role: 'marketing' } },
      admin,
    );
    for (const [u, p] of [
      [username, 'wrong-password'],
      [uid('nobody'), 'whatever-pass'],
    ]) {
      const res = await api.gql(LOGIN, { u, p });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0]?.message).toBe('Wrong username or password, or the account is disabled');
    }
    await api.gql(`mutation ($id: ID!) { updateUser(id: $id, input: { disabled: true }) { disabled } }`, { id: c.data!.createUser.id }, admin);
    const [row] = await api.cypher('MATCH (u:User {username: $username}) RETURN u.disabled AS d', { username });
    expect(row).toEqual({ d: true });
    const res = await api.gql(LOGIN, { u: username, p: 'right-password' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('validates user input and refuses a taken username', async () => {
    const username = uid('dup');
    const create = `mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }`;
    const base = { username, password: 'long-enough', displayName: 'x', role: 'analyst' };
    expect((await api.gql(create, { i: base }, admin)).errors).toBeUndefined();
    expect((await api.gql(create, { i: base }, admin)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const bad: [Record<string, unknown>, string][] = [
      [{ ...base, username: uid('u'), password: 'short' }, 'password'],
      [{ ...base, username: uid('u'), role: 'boss' }, 'role'],
      [{ ...base, username: uid('u'), role: 'salesperson' }, 'dealershipId'],
      [{ ...base, username: 'a b' }, 'username'],
    ];
    for (const [i, field] of bad) {
      const res = await api.gql(create, { i }, admin);
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
    }
  });

  it('bootstraps the first admin once', async () => {
    const username = uid('root');
    const config = loadConfig(testEnv({ QUANZI_ADMIN_USER: username, QUANZI_ADMIN_PASSWORD: 'bootstrap-pass' }));
    expect(await ensureAdmin(api.db, config)).toBe(true);
    expect(await ensureAdmin(api.db, config)).toBe(false);
    const res = await api.gql<{ login: { user: { role: string } } }>(LOGIN, { u: username, p: 'bootstrap-pass' });
    expect(res.data!.login.user.role).toBe('admin');
  });
});
