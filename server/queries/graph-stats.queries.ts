import { TIE_PATTERN } from '../domain.js';
import type { QueryRunner } from './driver.js';

export interface GraphCounts {
  people: number;
  ties: number;
}

export async function countPeopleAndTies(db: QueryRunner): Promise<GraphCounts> {
  // COUNT {} subqueries use the count store: constant time however large the graph
  const rows = await db.read<GraphCounts>(
    `RETURN COUNT { (:Person) } AS people,
            COUNT { (:Person)-[:${TIE_PATTERN}]->(:Person) } AS ties`,
  );
  return rows[0] ?? { people: 0, ties: 0 };
}
