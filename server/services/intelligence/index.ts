/** Public face of relationship intelligence for server code (start-up, importer, schedules). */
export { IntelligenceService } from './intelligence.service.js';
export { recomputeInfluence, scheduleInfluenceRecompute, INFLUENCE_WEIGHTS, type InfluenceSchedule, type ScheduleOptions } from './influence.js';
export { BOUNDS, CAPS } from './limits.js';
export type { InfluenceRunOut } from './types.js';
