import { describe, expect, it } from 'vitest';
import { ROLES, SCREENS, canPublishBoard, canSee, canWritePeople, normaliseRole, screensFor } from './roles.js';

describe('screens per role', () => {
  it('gives every role search first, and admins everything', () => {
    for (const r of ROLES) expect(screensFor(r)[0]).toBe('search');
    expect(screensFor('admin')).toEqual(SCREENS);
  });
  it('keeps write screens from read-only roles', () => {
    for (const r of ['marketing', 'analyst'] as const) {
      expect(canSee(r, 'visit')).toBe(false);
      expect(canSee(r, 'followUps')).toBe(false);
      expect(canWritePeople(r)).toBe(false);
    }
    expect(canSee('salesperson', 'visit')).toBe(true);
    expect(canSee('salesperson', 'analysis')).toBe(false);
    expect(canSee('analyst', 'radar')).toBe(true);
  });
  it('lets managers, marketing and admins publish the board, not salespeople', () => {
    expect(ROLES.filter(canPublishBoard)).toEqual(['manager', 'marketing', 'admin']);
  });
  it('reads roles in either case and refuses unknown ones', () => {
    expect(normaliseRole('MANAGER')).toBe('manager');
    expect(normaliseRole('salesperson')).toBe('salesperson');
    expect(normaliseRole('root')).toBeNull();
  });
});
