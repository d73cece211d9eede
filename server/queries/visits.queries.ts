import type { TxRunner } from './driver.js';

export interface VisitRow {
  id: string;
  date: string;
  kind: string;
  dealershipId: string;
}

export async function insertVisit(
  tx: TxRunner,
  v: { id: string; prospectId: string; date: string; kind: string; dealershipId: string; notes: string | null; recordedBy: string },
  companions: { personId: string; role: string }[],
): Promise<VisitRow | null> {
  const rows = await tx.run<VisitRow>(
    `MATCH (p:Person {id: $v.prospectId})
     CREATE (v:Visit {id: $v.id, date: date($v.date), kind: $v.kind, dealershipId: $v.dealershipId, notes: $v.notes,
                      recordedBy: $v.recordedBy, createdAt: datetime()})
     CREATE (p)-[:MADE_VISIT]->(v)
     WITH v
     CALL (v) {
       UNWIND $companions AS c
       MATCH (x:Person {id: c.personId})
       CREATE (x)-[:ACCOMPANIED {role: c.role}]->(v)
       RETURN count(*) AS n
     }
     RETURN v.id AS id, toString(v.date) AS date, v.kind AS kind, v.dealershipId AS dealershipId`,
    { v, companions },
  );
  return rows[0] ?? null;
}

export async function insertInteraction(
  tx: TxRunner,
  i: { id: string; personId: string; date: string; kind: string; notes: string | null; dealershipId: string; recordedBy: string },
): Promise<boolean> {
  const rows = await tx.run<{ id: string }>(
    `MATCH (p:Person {id: $i.personId})
     CREATE (p)-[:HAD]->(n:Interaction {id: $i.id, date: date($i.date), kind: $i.kind, notes: $i.notes,
                                        dealershipId: $i.dealershipId, recordedBy: $i.recordedBy, createdAt: datetime()})
     RETURN n.id AS id`,
    { i },
  );
  return rows.length === 1;
}
