import { jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '../domain.js';

export interface TokenClaims {
  sub: string;
  username: string;
  role: Role;
  dealershipId: string | null;
}

const ISSUER = 'quanzi';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signToken(claims: TokenClaims, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ username: claims.username, role: claims.role, dealershipId: claims.dealershipId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

type VerifiedClaims = TokenClaims & Record<string, unknown>;

/** The audience of a print ticket: a token that opens one board's poster and nothing else. */
const PRINT_AUDIENCE = 'quanzi:board-print';

/**
 * A ticket for `GET /boards/:id/print` of one board, for a link a new browser tab opens (it carries no
 * Authorization header). It goes in the URL, so browser history keeps it: it opens that poster, which hangs on
 * the showroom wall anyway, and is refused everywhere else.
 */
export async function signPrintTicket(claims: TokenClaims, boardId: string, secret: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ username: claims.username, role: claims.role, dealershipId: claims.dealershipId, board: boardId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(PRINT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key(secret));
}

/** The viewer of a print ticket made for this board; null for anything else (a session token included). */
export async function verifyPrintTicket(ticket: string, boardId: string, secret: string): Promise<TokenClaims | null> {
  const claims = await verifyUncached(ticket, secret, PRINT_AUDIENCE);
  return claims && claims.board === boardId ? claims : null;
}

// A client sends the same token with every request: verifying it (a WebCrypto key import and an HMAC job) cost
// ~0.5 ms each time. Tokens verified before are kept, keyed by the whole token (signature included) and the
// secret, and their expiry is still checked on every use.
const VERIFIED_MAX = 2_000;
const verified = new Map<string, { claims: VerifiedClaims; exp: number }>();

/** Verifies a session token's signature, issuer and expiry; returns null for anything invalid (a ticket too). */
export async function verifyToken(token: string, secret: string): Promise<VerifiedClaims | null> {
  const cacheKey = `${secret}\u0000${token}`;
  const hit = verified.get(cacheKey);
  if (hit) {
    if (hit.exp > Date.now() / 1000) return { ...hit.claims };
    verified.delete(cacheKey);
    return null;
  }
  const claims = await verifyUncached(token, secret);
  if (claims && typeof claims.exp === 'number') {
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    verified.set(cacheKey, { claims: { ...claims }, exp: claims.exp });
  }
  return claims;
}

async function verifyUncached(token: string, secret: string, audience?: string): Promise<VerifiedClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: ['HS256'], ...(audience ? { audience } : {}) });
    // session tokens have no audience: a ticket made for one purpose is no session
    if (!audience && payload.aud !== undefined) return null;
    const role = payload.role;
    if (typeof payload.sub !== 'string' || typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      return null;
    }
    return {
      ...payload,
      sub: payload.sub,
      username: String(payload.username ?? ''),
      role: role as Role,
      dealershipId: typeof payload.dealershipId === 'string' ? payload.dealershipId : null,
    };
  } catch {
    return null;
  }
}

export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1]! : null;
}
