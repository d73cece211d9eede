import { describe, expect, it } from 'vitest';
import { BOARD_MAX, BOARD_MIN, canPublish, moveSelection, selectionState, suggestSelection, toggleSelection } from './board-selection.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `t${i + 1}`);

describe('board selection', () => {
  it('publishes only with 7 or 8 distinct entries', () => {
    expect([BOARD_MIN, BOARD_MAX]).toEqual([7, 8]);
    expect(canPublish(ids(6))).toBe(false);
    expect(canPublish(ids(7))).toBe(true);
    expect(canPublish(ids(8))).toBe(true);
    expect(canPublish(ids(9))).toBe(false);
    expect(canPublish([...ids(6), 't1'])).toBe(false);
  });
  it('adds and removes, refusing a ninth', () => {
    let s: string[] = [];
    for (const id of ids(9)) s = toggleSelection(s, id);
    expect(s).toEqual(ids(8));
    expect(selectionState(s)).toBe('full');
    s = toggleSelection(s, 't3');
    expect(s).toEqual(['t1', 't2', 't4', 't5', 't6', 't7', 't8']);
    expect(selectionState(s)).toBe('ok');
    expect(selectionState(s.slice(1))).toBe('tooFew');
  });
  it('suggests the best 8 in rank order, skipping withdrawn ones', () => {
    const candidates = ids(10).map((testimonialId, i) => ({ testimonialId, withdrawn: i === 1 }));
    expect(suggestSelection(candidates)).toEqual(['t1', 't3', 't4', 't5', 't6', 't7', 't8', 't9']);
    expect(suggestSelection(candidates.slice(0, 3))).toEqual(['t1', 't3']);
  });
  it('reorders within bounds', () => {
    expect(moveSelection(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveSelection(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
    expect(moveSelection(['a', 'b', 'c'], 'x', 1)).toEqual(['a', 'b', 'c']);
  });
});
