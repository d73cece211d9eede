import { countPeopleAndTies, type GraphCounts } from '../queries/graph-stats.queries.js';
import type { QueryRunner } from '../queries/driver.js';

export class GraphStatsService {
  constructor(private readonly db: QueryRunner) {}

  counts(): Promise<GraphCounts> {
    return countPeopleAndTies(this.db);
  }
}
