// Which screens each role sees. The server enforces every rule again; this only keeps menus honest.

export const ROLES = ['salesperson', 'manager', 'marketing', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const SCREENS = ['search', 'visit', 'followUps', 'influencers', 'referrals', 'board', 'analysis', 'radar', 'users', 'import', 'audit'] as const;
export type Screen = (typeof SCREENS)[number];

const ACCESS: Record<Role, readonly Screen[]> = {
  // the showroom: customers, visits and calls of their own store
  salesperson: ['search', 'visit', 'followUps', 'referrals', 'board', 'radar'],
  manager: ['search', 'visit', 'followUps', 'influencers', 'referrals', 'board', 'analysis', 'radar', 'audit'],
  // read every store, write nothing personal
  marketing: ['search', 'influencers', 'referrals', 'board', 'analysis'],
  analyst: ['search', 'influencers', 'referrals', 'analysis', 'radar'],
  admin: SCREENS,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The role of a signed-in user; the API sends it lower-case, older tokens may carry it upper-case. */
export function normaliseRole(value: string): Role | null {
  const r = value.toLowerCase();
  return isRole(r) ? r : null;
}

export function screensFor(role: Role): readonly Screen[] {
  return ACCESS[role];
}

export function canSee(role: Role, screen: Screen): boolean {
  return ACCESS[role].includes(screen);
}

/** Writing personal records (visits, calls) is for staff of a store and admins. */
export function canWritePeople(role: Role): boolean {
  return role === 'salesperson' || role === 'manager' || role === 'admin';
}

/** Choosing and publishing the weekly board. */
/** Writes to a person's record (consents, ties, contacts): their store's staff, or an admin. The server checks again. */
export function canWriteRecordOf(user: { role: Role; dealershipId?: string | null }, dealershipId: string | null | undefined): boolean {
  return canWritePeople(user.role) && (user.role === 'admin' || (!!dealershipId && dealershipId === user.dealershipId));
}

/** erasePerson (PIPL art. 47): a manager of the person's store, or an admin. */
export function canErasePeopleOf(user: { role: Role; dealershipId?: string | null }, dealershipId: string | null | undefined): boolean {
  return user.role === 'admin' || (user.role === 'manager' && !!dealershipId && dealershipId === user.dealershipId);
}

/** recordSale: a salesperson their own sales, a manager any of the store's, an admin any store's. */
export function canRecordSales(role: Role): boolean {
  return role === 'salesperson' || role === 'manager' || role === 'admin';
}

export function canPublishBoard(role: Role): boolean {
  return role === 'manager' || role === 'marketing' || role === 'admin';
}

export const SCREEN_PATHS: Record<Screen, string> = {
  search: '/search',
  visit: '/visits/new',
  followUps: '/follow-ups',
  influencers: '/influencers',
  referrals: '/referrals',
  board: '/board',
  analysis: '/analysis',
  radar: '/radar',
  users: '/users',
  import: '/import',
  audit: '/audit',
};
