/** Relationship types between two people; the only labels/types ever interpolated into Cypher come from here. */
export const TIE_TYPES = ['FAMILY', 'FRIEND', 'COLLEAGUE', 'BUSINESS_PARTNER', 'ADVISES', 'DRIVES_FOR'] as const;
export type TieType = (typeof TIE_TYPES)[number];

/** Symmetric ties are stored once and read both ways. */
export const SYMMETRIC_TIES: readonly TieType[] = ['FAMILY', 'FRIEND', 'COLLEAGUE', 'BUSINESS_PARTNER'];

export const TIE_PATTERN = TIE_TYPES.join('|');

export const ROLES = ['salesperson', 'manager', 'marketing', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What the services write to the audit log (AuditEntry.operation); the web client's audit screen offers these. */
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
export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];
