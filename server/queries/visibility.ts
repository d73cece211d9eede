import type { Viewer } from '../graphql/context.js';

/**
 * Consent and scoping rules as Cypher fragments, so every analytics query enforces them in the database.
 * Each fragment expects the params from `viewerParams(viewer)`.
 */
export function viewerParams(viewer: Viewer): { viewerRole: string; viewerDealershipId: string | null } {
  return { viewerRole: viewer.role, viewerDealershipId: viewer.dealershipId };
}

/** True when the viewer may see this person's real name (and so may be shown them in a path). */
export const canNameCypher = (p: string) =>
  `(${p}.erasedAt IS NULL AND (coalesce(${p}.shareConsent, false) OR $viewerRole = 'admin' OR coalesce(${p}.dealershipId = $viewerDealershipId, false)))`;

/** The name to show, or null when the person must stay anonymous ("a mutual contact"). */
export const visibleNameCypher = (p: string) => `CASE WHEN ${canNameCypher(p)} THEN ${p}.name ELSE null END`;

/** True when the viewer may read this dealership-scoped record at all. */
export const canReadCypher = (n: string) =>
  `($viewerRole IN ['admin', 'marketing', 'analyst'] OR coalesce(${n}.dealershipId = $viewerDealershipId, false))`;
