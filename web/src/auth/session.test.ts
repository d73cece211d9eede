import { describe, expect, it } from 'vitest';
import { parseSession } from './session.js';

const now = Date.parse('2026-01-01T00:00:00Z');
const good = {
  token: 'abc',
  expiresAt: '2026-01-01T08:00:00Z',
  user: { id: 'u1', username: 'li', displayName: '李经理', role: 'MANAGER', dealershipId: 'd1' },
};

describe('stored sessions', () => {
  it('reads a valid one, normalising the role', () => {
    expect(parseSession(JSON.stringify(good), now)?.user).toEqual({ id: 'u1', username: 'li', displayName: '李经理', role: 'manager', dealershipId: 'd1' });
  });
  it('treats expired, malformed or unknown-role sessions as signed out', () => {
    expect(parseSession(JSON.stringify({ ...good, expiresAt: '2025-12-31T23:59:59Z' }), now)).toBeNull();
    expect(parseSession('{not json', now)).toBeNull();
    expect(parseSession(JSON.stringify({ ...good, user: { ...good.user, role: 'root' } }), now)).toBeNull();
    expect(parseSession(JSON.stringify({ ...good, token: 1 }), now)).toBeNull();
    expect(parseSession(null, now)).toBeNull();
  });
});
