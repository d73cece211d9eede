import { badInput } from '../../errors.js';

/** Argument bounds; out of range is BAD_USER_INPUT naming the argument, never a silent clamp. */
export const BOUNDS = {
  depth: [1, 3],
  warmMaxHops: [1, 4],
  testimonialMaxHops: [1, 3],
  first: [1, 100],
  limit: [1, 500],
  ids: [1, 500],
} as const satisfies Record<string, readonly [number, number]>;

/** Per-person caps that keep every traversal bounded on hubs (see docs/intelligence.md). */
export const CAPS = {
  /** network: ties followed per person beyond the centre (the centre may use up to `limit - 1`). */
  networkFanout: 25,
  /** warmPaths and knownContactTestimonials: the start person's strongest ties considered. */
  startFanout: 100,
  /** warmPaths: ties followed per person at the second hop from either end. */
  pathFanout: 20,
  /** warmPaths: people expanded per side and hop. */
  pathFrontier: 200,
  /** knownContactTestimonials: ties followed per person beyond the prospect. */
  testimonialFanout: 20,
  /** knownContactTestimonials: ties to testimonial authors looked at per person, on top of the strongest ones. */
  authorFanout: 20,
  /** knownContactTestimonials: people expanded per hop, strongest paths first. */
  testimonialFrontier: 400,
  /** knownContactTestimonials: people reached at most. */
  testimonialReach: 5000,
  /** decisionCircle: members returned at most. */
  circleMembers: 50,
} as const;

export function checkRange(field: string, value: number, [min, max]: readonly [number, number]): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(field, `${field} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function checkId(field: string, value: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
    throw badInput(field, `${field} must be a non-empty id`);
  }
  return value;
}
