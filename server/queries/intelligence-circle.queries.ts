import type { TieType } from '../domain.js';
import type { Viewer } from '../graphql/context.js';
import type { QueryRunner } from './driver.js';
import { cypherInt, tieTypePattern } from './intelligence-people.queries.js';
import { canReadCypher, viewerParams, visibleNameCypher } from './visibility.js';

/** Caps that keep a buyer's circle cheap however many visits and ties they have (documented in docs/intelligence.md). */
export const CIRCLE_VISIT_ROWS = 1000;
export const CIRCLE_TIES = 200;
export const ADVISER_RECORD_CAP = 1000;

export interface CircleRaw {
  /** [companion id, role, visit id] for the visits the viewer may read. */
  companions: [string, string | null, string][];
  /** [person id, tie kind, strength, tie starts at the buyer]. */
  ties: [string, TieType, number, boolean][];
}

/** The raw signals of a buyer's decision circle: companions on their visits and their ties. */
export async function circleSignals(db: QueryRunner, viewer: Viewer, personId: string): Promise<CircleRaw> {
  const rows = await db.read<CircleRaw>(
    `MATCH (p:Person {id: $id})
     CALL (p) {
       MATCH (p)-[:MADE_VISIT]->(v:Visit)<-[a:ACCOMPANIED]-(c:Person)
       WHERE c <> p AND c.erasedAt IS NULL AND ${canReadCypher('v')}
       WITH c, a, v LIMIT $visitRows
       RETURN collect([c.id, a.role, v.id]) AS companions
     }
     CALL (p) {
       MATCH (p)-[r:${tieTypePattern()}]-(c:Person)
       WHERE c <> p AND c.erasedAt IS NULL
       WITH r, c ORDER BY coalesce(r.strength, 0.0) DESC, c.id ASC LIMIT $ties
       RETURN collect([c.id, type(r), coalesce(r.strength, 0.0), startNode(r) = p]) AS ties
     }
     RETURN companions, ties`,
    { id: personId, visitRows: cypherInt(CIRCLE_VISIT_ROWS), ties: cypherInt(CIRCLE_TIES), ...viewerParams(viewer) },
  );
  return rows[0] ?? { companions: [], ties: [] };
}

export interface CircleMemberRow {
  id: string;
  name: string | null;
  kind: string | null;
  influence: number | null;
  /** For advisers: people they advise (at most ADVISER_RECORD_CAP looked at) and how many of those bought. */
  advised: number;
  advisedBought: number;
}

/** Names (masked by consent) and, for advisers, their track record. */
export async function circleMembers(
  db: QueryRunner,
  viewer: Viewer,
  ids: string[],
  adviserIds: string[],
): Promise<CircleMemberRow[]> {
  return db.read<CircleMemberRow>(
    `UNWIND $ids AS pid
     MATCH (c:Person {id: pid})
     WHERE c.erasedAt IS NULL
     CALL (c) {
       WITH c WHERE c.id IN $advisers
       MATCH (c)-[:ADVISES]->(x:Person)
       WHERE x.erasedAt IS NULL
       WITH x LIMIT $cap
       RETURN count(x) AS advised, count(CASE WHEN EXISTS { (x)-[:BOUGHT]->(:Sale) } THEN 1 END) AS advisedBought
     }
     RETURN c.id AS id, ${visibleNameCypher('c')} AS name, c.kind AS kind, c.influence AS influence, advised, advisedBought`,
    { ids, advisers: adviserIds, cap: cypherInt(ADVISER_RECORD_CAP), ...viewerParams(viewer) },
  );
}
