import type { Config } from '../../config.js';
import type { Viewer } from '../../graphql/context.js';
import type { QueryRunner } from '../../queries/driver.js';
import { BoardRoutines } from './boards.service.js';
import { FollowUpRoutines } from './follow-ups.service.js';
import { RadarRoutines } from './radar.service.js';
import { SalesRoutines } from './sales.service.js';

/** The dealer's routines (docs/routines.md): sales and follow-up calls, the weekly board, radar, analysis. */
export class RoutinesService {
  readonly sales: SalesRoutines;
  readonly followUps: FollowUpRoutines;
  readonly boards: BoardRoutines;
  readonly radar: RadarRoutines;

  constructor(db: QueryRunner, viewer: Viewer | null, config: Config) {
    this.sales = new SalesRoutines(db, viewer, config);
    this.followUps = new FollowUpRoutines(db, viewer);
    this.boards = new BoardRoutines(db, viewer);
    this.radar = new RadarRoutines(db, viewer);
  }
}
