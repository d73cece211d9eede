import { randomUUID } from 'node:crypto';
import type { AuditOperation } from '../domain.js';
import type { Viewer } from '../graphql/context.js';
import { readIn, type QueryRunner, type TxRunner } from './driver.js';

// The label of each target type whose nodes carry the dealershipId an entry belongs to (a store's manager reads the
// entries of their store). Labels are spliced into the statement, so only these.
const STORE_LABELS: Readonly<Record<string, string>> = {
  Person: 'Person',
  Sale: 'Sale',
  Visit: 'Visit',
  FollowUp: 'FollowUp',
  Task: 'Task',
  Testimonial: 'Testimonial',
  Board: 'Board',
  User: 'User',
};

/**
 * Writes one audit entry inside the caller's transaction, so the change and its record commit together. The entry
 * belongs to the store of its target: `dealershipId` when given (targets without a node of their own, such as a
 * tie or an import), else the target node's, null for group-wide targets.
 */
export async function writeAudit(
  tx: TxRunner,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  operation: AuditOperation,
  targetType: string,
  targetId: string,
  details?: Record<string, unknown>,
  dealershipId?: string | null,
): Promise<void> {
  const label = STORE_LABELS[targetType];
  const store =
    dealershipId === undefined && label
      ? `OPTIONAL MATCH (t:${label} {id: $targetId}) WITH t.dealershipId AS store`
      : 'WITH $dealershipId AS store';
  await tx.run(
    `${store}
     CREATE (:AuditEntry {id: $id, at: datetime(), userId: $userId, username: $username, operation: $operation,
                          targetType: $targetType, targetId: $targetId, details: $details, dealershipId: store})`,
    {
      id: randomUUID(),
      userId: viewer.userId,
      username: viewer.username,
      operation,
      targetType,
      targetId,
      details: details ? JSON.stringify(details) : null,
      dealershipId: dealershipId ?? null,
    },
  );
}

export interface ConsentAuditRow {
  at: string;
  username: string | null;
  operation: string;
  details: string | null;
}

/** The operations that set a person's consents; their details carry shareConsent / contactConsent. */
export const CONSENT_OPERATIONS = ['createPerson', 'setConsent', 'updatePerson+consent'] as const;

/** The consent changes of one person, newest first (the `audit_target` index finds them). */
export function consentAudit(db: QueryRunner | TxRunner, personId: string, limit: number): Promise<ConsentAuditRow[]> {
  return readIn<ConsentAuditRow>(
    db,
    `MATCH (a:AuditEntry {targetId: $personId}) WHERE a.operation IN $operations
     RETURN toString(a.at) AS at, a.username AS username, a.operation AS operation, a.details AS details
     ORDER BY a.at DESC, a.id LIMIT toInteger($limit)`,
    { personId, operations: [...CONSENT_OPERATIONS], limit },
  );
}
