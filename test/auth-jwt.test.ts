import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../server/auth/jwt.js';

const SECRET = 'a-test-secret-of-more-than-32-characters';
const claims = { sub: 'u-1', username: 'li', role: 'salesperson' as const, dealershipId: 'd-1' };

describe('verifyToken with its cache of verified tokens', () => {
  it('answers a token verified before from the cache, still refusing tampering, another secret and expiry', async () => {
    const token = await signToken(claims, SECRET, 3600);
    const first = await verifyToken(token, SECRET);
    expect(first).toMatchObject(claims);
    // a caller changing its copy does not change what the next request gets
    (first as Record<string, unknown>).role = 'admin';
    expect(await verifyToken(token, SECRET)).toMatchObject(claims);
    // the same token under another secret is not a cache hit
    expect(await verifyToken(token, 'another-secret-of-more-than-32-characters')).toBeNull();
    // a changed payload with the old signature
    const [h, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', iss: 'quanzi', exp: 9_999_999_999 })).toString('base64url');
    expect(await verifyToken(`${h}.${forged}.${sig}`, SECRET)).toBeNull();
    // a cached token stops working when it expires
    const short = await signToken(claims, SECRET, 1);
    expect(await verifyToken(short, SECRET)).toMatchObject(claims);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await verifyToken(short, SECRET)).toBeNull();
  });
});
