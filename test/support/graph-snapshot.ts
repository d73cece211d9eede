import type { QueryRunner } from '../../server/queries/driver.js';

/** Everything in the graph, typed, in a stable order: two graphs are the same when their snapshots are. */
export async function graphSnapshot(db: QueryRunner): Promise<{ nodes: string[]; rels: string[] }> {
  const typed = (v: string) => `[k IN apoc.coll.sort(keys(${v})) | [k, valueType(${v}[k]),
     CASE WHEN valueType(${v}[k]) STARTS WITH 'LIST' THEN [x IN ${v}[k] | toString(x)] ELSE toString(${v}[k]) END]]`;
  const nodes = await db.read<unknown>(`MATCH (n) RETURN apoc.coll.sort(labels(n)) AS labels, n.id AS id, ${typed('n')} AS props`);
  const rels = await db.read<unknown>(`MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, ${typed('r')} AS props`);
  return { nodes: nodes.map((x) => JSON.stringify(x)).sort(), rels: rels.map((x) => JSON.stringify(x)).sort() };
}
