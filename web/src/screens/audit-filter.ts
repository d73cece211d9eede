// The audit log screen's pure parts: which operations it offers, and how a filter becomes the API's `where`.

/** The operations the services write to the audit log (server/domain.ts; a test holds the two lists together). */
export const AUDIT_OPERATIONS = [
  'createPerson',
  'updatePerson',
  'updatePerson+consent',
  'setConsent',
  'mergePeople',
  'exportPersonalData',
  'erasePerson',
  'addTie',
  'updateTie',
  'removeTie',
  'recordReferral',
  'recordVisit',
  'recordInteraction',
  'recordSale',
  'followUpAttempt',
  'completeFollowUp',
  'completeTask',
  'setTestimonialStatus',
  'publishBoard',
  'createUser',
  'updateUser',
  'IMPORT_DATA',
] as const;

/** The PIPL requests and consent changes, which an admin is asked about first. */
export const PERSONAL_DATA_OPERATIONS: readonly string[] = ['setConsent', 'updatePerson+consent', 'exportPersonalData', 'erasePerson'];

export const AUDIT_PAGE = 50;

export interface AuditFilter {
  /** One operation, 'personalData' for the PIPL group, or '' for all. */
  operation: string;
  username: string;
  targetId: string;
}

export type AuditWhere = {
  operation?: { eq?: string; in?: string[] };
  username?: { eq: string };
  targetId?: { eq: string };
};

/** The generated API's filter for what the admin chose; blank fields filter nothing. */
export function auditWhere(f: AuditFilter): AuditWhere {
  const where: AuditWhere = {};
  if (f.operation === 'personalData') where.operation = { in: [...PERSONAL_DATA_OPERATIONS] };
  else if (f.operation) where.operation = { eq: f.operation };
  if (f.username.trim()) where.username = { eq: f.username.trim() };
  if (f.targetId.trim()) where.targetId = { eq: f.targetId.trim() };
  return where;
}

/** An entry's details (a JSON object as the service wrote it) as short "key: value" text. */
export function detailsText(details: string | null | undefined, max = 160): string {
  if (!details) return '';
  let text: string;
  try {
    const obj = JSON.parse(details) as Record<string, unknown>;
    text = Object.entries(obj)
      .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' · ');
  } catch {
    text = details;
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
