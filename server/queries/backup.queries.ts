import type { QueryRunner, TxRunner } from './driver.js';
// the restore waits for its id indexes as the migrations wait for theirs
export { awaitIndexes } from './migrations.js';

/*
 * Cypher of the backup and restore (server/backup/). A backup copies every node and relationship with all their
 * properties; values travel as [key, type, text] so that integers stay integers, floats floats and temporals keep
 * their offset or zone (`valueType()` and `toString()` on the way out, the matching constructor on the way in).
 * Labels and relationship types are interpolated only after IDENTIFIER has checked them.
 */

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe label or relationship type: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/** [key, valueType(), value as text (or list of texts)] */
export type TypedProp = [string, string, string | string[]];

const TYPED_PROPS = (v: string) => `[k IN keys(${v}) | [k, valueType(${v}[k]),
  CASE WHEN valueType(${v}[k]) STARTS WITH 'LIST' THEN [x IN ${v}[k] | toString(x)] ELSE toString(${v}[k]) END]]`;

/** Turns [key, type, text] pairs back into a property map (apoc.map.fromPairs is in APOC core). */
const FROM_TYPED = (list: string) => `apoc.map.fromPairs([p IN ${list} | [p[0],
  CASE
    WHEN p[1] STARTS WITH 'STRING' THEN p[2]
    WHEN p[1] STARTS WITH 'INTEGER' THEN toInteger(p[2])
    WHEN p[1] STARTS WITH 'FLOAT' THEN toFloat(p[2])
    WHEN p[1] STARTS WITH 'BOOLEAN' THEN p[2] = 'true'
    WHEN p[1] STARTS WITH 'DATE' THEN date(p[2])
    WHEN p[1] STARTS WITH 'ZONED DATETIME' THEN datetime(p[2])
    WHEN p[1] STARTS WITH 'LOCAL DATETIME' THEN localdatetime(p[2])
    WHEN p[1] STARTS WITH 'ZONED TIME' THEN time(p[2])
    WHEN p[1] STARTS WITH 'LOCAL TIME' THEN localtime(p[2])
    WHEN p[1] STARTS WITH 'DURATION' THEN duration(p[2])
    WHEN p[1] STARTS WITH 'LIST<STRING' THEN p[2]
    WHEN p[1] STARTS WITH 'LIST<INTEGER' THEN [x IN p[2] | toInteger(x)]
    WHEN p[1] STARTS WITH 'LIST<FLOAT' THEN [x IN p[2] | toFloat(x)]
    WHEN p[1] STARTS WITH 'LIST<BOOLEAN' THEN [x IN p[2] | x = 'true']
    WHEN p[1] STARTS WITH 'LIST<DATE' THEN [x IN p[2] | date(x)]
    WHEN p[1] STARTS WITH 'LIST<ZONED DATETIME' THEN [x IN p[2] | datetime(x)]
  END]])`;

/** Types the restore can rebuild; anything else (points, mixed lists) stops the backup rather than being lost. */
export const SUPPORTED_TYPE =
  /^(STRING|INTEGER|FLOAT|BOOLEAN|DATE|ZONED DATETIME|LOCAL DATETIME|ZONED TIME|LOCAL TIME|DURATION|LIST<(STRING|INTEGER|FLOAT|BOOLEAN|DATE|ZONED DATETIME) NOT NULL>)( NOT NULL)?$/;

export async function labelsInUse(db: QueryRunner): Promise<string[]> {
  const rows = await db.read<{ label: string }>('CALL db.labels() YIELD label RETURN label ORDER BY label');
  return rows.map((r) => r.label);
}

export interface GraphCounts {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  total: { nodes: number; relationships: number };
}

/** Nodes per label set ("A:B") and relationships per type, as the database counts them. */
export async function graphCounts(db: QueryRunner): Promise<GraphCounts> {
  // whole-graph scans: batch work, under the batch timeout
  const nodes = await db.readBatch<{ labels: string; n: number }>(
    `MATCH (n) WITH apoc.text.join(apoc.coll.sort(labels(n)), ':') AS labels RETURN labels, count(*) AS n ORDER BY labels`,
  );
  const rels = await db.readBatch<{ type: string; n: number }>('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type');
  const out: GraphCounts = { nodes: {}, relationships: {}, total: { nodes: 0, relationships: 0 } };
  for (const r of nodes) {
    out.nodes[r.labels] = r.n;
    out.total.nodes += r.n;
  }
  for (const r of rels) {
    out.relationships[r.type] = r.n;
    out.total.relationships += r.n;
  }
  return out;
}

export interface NodeOut {
  labels: string[];
  id: string | null;
  props: TypedProp[];
}

/**
 * One page of the nodes whose smallest label is `label` (so a node with two labels is read once), by id. Nodes
 * without an id come in the first page only (they cannot be paged); the model gives every node one.
 */
export async function nodePage(db: QueryRunner, label: string, after: string | null, limit: number): Promise<NodeOut[]> {
  return db.read<NodeOut>(
    `MATCH (n:${quoted(label)})
     WHERE all(l IN labels(n) WHERE l >= $label) AND ($after IS NULL OR n.id > $after)
     WITH n ORDER BY n.id LIMIT toInteger($limit)
     RETURN apoc.coll.sort(labels(n)) AS labels, n.id AS id, ${TYPED_PROPS('n')} AS props`,
    { label, after, limit },
  );
}

export interface RelOut {
  type: string;
  from: [string, string];
  to: [string, string];
  props: TypedProp[];
}

/** The outgoing relationships of one page of start nodes (same paging as nodePage). */
export async function relationshipPage(
  db: QueryRunner,
  label: string,
  after: string | null,
  limit: number,
): Promise<{ last: string | null; nodes: number; rels: RelOut[] }> {
  const rows = await db.read<{ last: string | null; nodes: number; rels: RelOut[] }>(
    `MATCH (n:${quoted(label)})
     WHERE all(l IN labels(n) WHERE l >= $label) AND n.id IS NOT NULL AND ($after IS NULL OR n.id > $after)
     WITH n ORDER BY n.id LIMIT toInteger($limit)
     WITH collect(n) AS page
     CALL (page) {
       UNWIND page AS n
       MATCH (n)-[r]->(m)
       WITH n, r, m, apoc.coll.sort(labels(m)) AS ml
       RETURN collect({type: type(r), from: [$label, n.id], to: [ml[0], m.id], props: ${TYPED_PROPS('r')}}) AS rels
     }
     RETURN CASE WHEN size(page) = 0 THEN null ELSE last(page).id END AS last, size(page) AS nodes, rels`,
    { label, after, limit },
  );
  return rows[0] ?? { last: null, nodes: 0, rels: [] };
}

export interface NodeIn {
  id: string | null;
  props: TypedProp[];
}

export async function createNodes(tx: TxRunner, labels: string[], rows: NodeIn[]): Promise<number> {
  const [r] = await tx.run<{ n: number }>(
    `UNWIND $rows AS row
     CREATE (n:${labels.map(quoted).join(':')})
     SET n = ${FROM_TYPED('row.props')}
     RETURN count(n) AS n`,
    { rows },
  );
  return r?.n ?? 0;
}

export interface RelIn {
  from: string;
  to: string;
  props: TypedProp[];
}

/** Creates relationships of one type between nodes found by label and id; returns how many were made. */
export async function createRelationships(tx: TxRunner, type: string, fromLabel: string, toLabel: string, rows: RelIn[]): Promise<number> {
  const [r] = await tx.run<{ n: number }>(
    `UNWIND $rows AS row
     MATCH (a:${quoted(fromLabel)} {id: row.from})
     MATCH (b:${quoted(toLabel)} {id: row.to})
     CREATE (a)-[x:${quoted(type)}]->(b)
     SET x = ${FROM_TYPED('row.props')}
     RETURN count(x) AS n`,
    { rows },
  );
  return r?.n ?? 0;
}

/** Indexes on :Label(id) for labels the migrations do not cover, so the relationship pass finds nodes fast. */
export async function ensureIdIndex(db: QueryRunner, label: string): Promise<void> {
  const name = `backup_restore_${label.toLowerCase()}_id`;
  if (!IDENTIFIER.test(name)) return;
  await db.write(`CREATE INDEX ${name} IF NOT EXISTS FOR (n:${quoted(label)}) ON (n.id)`);
}


/** What an "empty" database may hold: the admin account the server creates at first start, and its audit entry. */
export async function bootstrapOnly(db: QueryRunner, adminUser: string): Promise<{ empty: boolean; nodes: number }> {
  const [r] = await db.read<{ nodes: number; others: number }>(
    `MATCH (n) WITH count(n) AS nodes
     OPTIONAL MATCH (x) WHERE NOT (x:User AND x.username = $adminUser)
       AND NOT (x:AuditEntry AND x.operation = 'createUser' AND x.userId = 'system')
     RETURN nodes, count(x) AS others`,
    { adminUser },
  );
  return { empty: (r?.others ?? 0) === 0, nodes: r?.nodes ?? 0 };
}

export async function removeBootstrap(db: QueryRunner, adminUser: string): Promise<void> {
  await db.write(
    `OPTIONAL MATCH (u:User {username: $adminUser})
     OPTIONAL MATCH (a:AuditEntry {operation: 'createUser', userId: 'system'})
     DETACH DELETE u, a`,
    { adminUser },
  );
}

/** Labels that already have an index (or unique constraint) on id. */
export async function labelsWithIdIndex(db: QueryRunner): Promise<Set<string>> {
  const rows = await db.read<{ labels: string[] | null; props: string[] | null }>(
    'SHOW INDEXES YIELD labelsOrTypes, properties, entityType WHERE entityType = "NODE" RETURN labelsOrTypes AS labels, properties AS props',
  );
  return new Set(rows.filter((r) => r.labels?.length === 1 && r.props?.length === 1 && r.props[0] === 'id').map((r) => r.labels![0]!));
}
