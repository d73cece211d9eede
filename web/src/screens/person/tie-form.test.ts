import { describe, expect, it } from 'vitest';
import { emptyTie, toTieInput, validateTie, type TieDraft } from './tie-form.js';

const draft = (patch: Partial<TieDraft> = {}): TieDraft => ({ ...emptyTie(), otherId: 'o', otherName: '李娜', relation: 'FRIEND', ...patch });

describe('validateTie', () => {
  it('needs another person and a relation', () => {
    expect(validateTie(draft(), 'p')).toEqual({});
    expect(validateTie(emptyTie(), 'p')).toEqual({ other: 'tie.error.other', relation: 'tie.error.relation' });
    expect(validateTie(draft({ otherId: 'p' }), 'p')).toEqual({ other: 'tie.error.self' });
  });
});

describe('toTieInput', () => {
  it('sends mutual kinds from this person, at the strength of the closeness chosen', () => {
    expect(toTieInput(draft({ relation: 'FAMILY', closeness: 'CLOSE' }), 'p')).toEqual({
      fromId: 'p',
      toId: 'o',
      kind: 'FAMILY',
      strength: 0.8,
      confirmed: true,
      source: 'MANUAL',
    });
    expect(toTieInput(draft({ relation: 'BUSINESS_PARTNER', closeness: 'LOOSE' }), 'p')).toMatchObject({ kind: 'BUSINESS_PARTNER', strength: 0.3 });
    expect(toTieInput(draft(), 'p').strength).toBe(0.5);
  });
  it('points an adviser and a driver the right way', () => {
    // ADVISES and DRIVES_FOR read "from advises / drives for to"
    expect(toTieInput(draft({ relation: 'THEY_ADVISE' }), 'p')).toMatchObject({ kind: 'ADVISES', fromId: 'o', toId: 'p' });
    expect(toTieInput(draft({ relation: 'ADVISES_THEM' }), 'p')).toMatchObject({ kind: 'ADVISES', fromId: 'p', toId: 'o' });
    expect(toTieInput(draft({ relation: 'THEY_DRIVE' }), 'p')).toMatchObject({ kind: 'DRIVES_FOR', fromId: 'o', toId: 'p' });
    expect(toTieInput(draft({ relation: 'DRIVES_THEM' }), 'p')).toMatchObject({ kind: 'DRIVES_FOR', fromId: 'p', toId: 'o' });
  });
});
