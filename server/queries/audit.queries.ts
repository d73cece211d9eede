import { randomUUID } from 'node:crypto';
import type { Viewer } from '../graphql/context.js';
import type { TxRunner } from './driver.js';

/** Writes one audit entry inside the caller's transaction, so the change and its record commit together. */
export async function writeAudit(
  tx: TxRunner,
  viewer: Pick<Viewer, 'userId' | 'username'>,
  operation: string,
  targetType: string,
  targetId: string,
  details?: Record<string, unknown>,
): Promise<void> {
  await tx.run(
    `CREATE (:AuditEntry {id: $id, at: datetime(), userId: $userId, username: $username, operation: $operation,
                          targetType: $targetType, targetId: $targetId, details: $details})`,
    {
      id: randomUUID(),
      userId: viewer.userId,
      username: viewer.username,
      operation,
      targetType,
      targetId,
      details: details ? JSON.stringify(details) : null,
    },
  );
}
