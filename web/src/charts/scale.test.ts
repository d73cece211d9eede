import { describe, expect, it } from 'vitest';
import { niceTicks } from './scale.js';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and reaches the maximum', () => {
    expect(niceTicks(10)).toEqual([0, 5, 10]);
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(0.9)).toEqual([0, 0.5, 1]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });
  it('copes with nothing to show', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});
