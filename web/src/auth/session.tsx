import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { normaliseRole, type Role } from './roles.js';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  dealershipId: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: SessionUser;
}

const KEY = 'quanzi.session';

/** Reads a stored session; anything malformed or expired counts as signed out. */
export function parseSession(raw: string | null, now = Date.now()): Session | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Partial<Session> & { user?: Partial<SessionUser> & { role?: string } };
    if (typeof s.token !== 'string' || !s.user || typeof s.user.id !== 'string') return null;
    const role = normaliseRole(String(s.user.role ?? ''));
    if (!role) return null;
    const expires = Date.parse(String(s.expiresAt ?? ''));
    if (!Number.isFinite(expires) || expires <= now) return null;
    return {
      token: s.token,
      expiresAt: String(s.expiresAt),
      user: {
        id: s.user.id,
        username: String(s.user.username ?? ''),
        displayName: String(s.user.displayName ?? s.user.username ?? ''),
        role,
        dealershipId: s.user.dealershipId ?? null,
      },
    };
  } catch {
    return null;
  }
}

export function loadSession(): Session | null {
  try {
    return parseSession(window.localStorage.getItem(KEY));
  } catch {
    return null;
  }
}

function storeSession(session: Session | null): void {
  try {
    if (session) window.localStorage.setItem(KEY, JSON.stringify(session));
    else window.localStorage.removeItem(KEY);
  } catch {
    // private mode: the session lives for this tab only
  }
}

interface SessionState {
  session: Session | null;
  /** Why the last session ended, when it was not the user's choice. */
  endedReason: 'expired' | null;
  signIn(session: Session): void;
  signOut(reason?: 'expired'): void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [endedReason, setEndedReason] = useState<'expired' | null>(null);
  const signIn = useCallback((s: Session) => {
    storeSession(s);
    setEndedReason(null);
    setSession(s);
  }, []);
  const signOut = useCallback((reason?: 'expired') => {
    storeSession(null);
    setEndedReason(reason ?? null);
    setSession(null);
  }, []);
  const value = useMemo(() => ({ session, endedReason, signIn, signOut }), [session, endedReason, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** For screens behind sign-in: the session is there. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return session;
}
