import type { Viewer } from '../graphql/context.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { Role } from '../domain.js';

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw unauthenticated();
  return viewer;
}

export function requireRole(viewer: Viewer | null, roles: readonly Role[]): Viewer {
  const v = requireViewer(viewer);
  if (!roles.includes(v.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  return v;
}

/** Group-wide readers see every dealership; store staff only their own. */
export function canReadDealership(viewer: Viewer, dealershipId: string): boolean {
  return ['admin', 'marketing', 'analyst'].includes(viewer.role) || viewer.dealershipId === dealershipId;
}

/** Store staff write only their own dealership's records; admins write anywhere; marketing/analysts read only. */
export function assertCanWriteDealership(viewer: Viewer, dealershipId: string): void {
  if (viewer.role === 'admin') return;
  if ((viewer.role === 'salesperson' || viewer.role === 'manager') && viewer.dealershipId === dealershipId) return;
  throw forbidden('You may only change records of your own dealership');
}

/** The dealership a new record belongs to: the viewer's own, or the one an admin names. */
export function targetDealership(viewer: Viewer, requested: string | null | undefined): string {
  if (viewer.role === 'admin') {
    if (requested) return requested;
    if (viewer.dealershipId) return viewer.dealershipId;
    throw forbidden('Name the dealership this record belongs to');
  }
  const own = viewer.dealershipId;
  if (!own) throw forbidden('Your account belongs to no dealership, so it cannot record customers');
  if (requested && requested !== own) throw forbidden('You may only record customers for your own dealership');
  assertCanWriteDealership(viewer, own);
  return own;
}
