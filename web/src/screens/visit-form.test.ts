import { describe, expect, it } from 'vitest';
import { newCompanion, normalisePhone, tieNames, toVisitInput, validateVisit, type VisitDraft } from './visit-form.js';

const today = '2026-03-10';
function draft(patch: Partial<VisitDraft> = {}): VisitDraft {
  return { prospectId: 'p1', prospectName: '王伟', date: '2026-03-10', kind: 'SHOWROOM', companions: [], notes: '', ...patch };
}
const existing = (personId: string | null, role: 'SPOUSE' | 'DRIVER' | null = 'SPOUSE', personName = '李娜') => ({ ...newCompanion('existing'), personId, personName, role });
const fresh = (name: string, phone = '', role: 'FRIEND' | null = 'FRIEND') => ({ ...newCompanion('new'), name, phone, role });

describe('normalisePhone', () => {
  it('accepts China mobiles written several ways', () => {
    expect(normalisePhone('13812345678')).toBe('+8613812345678');
    expect(normalisePhone('+86 138-1234-5678')).toBe('+8613812345678');
    expect(normalisePhone('8613812345678')).toBe('+8613812345678');
  });
  it('refuses landlines, short numbers and other prefixes', () => {
    expect(normalisePhone('12812345678')).toBeNull();
    expect(normalisePhone('1381234567')).toBeNull();
    expect(normalisePhone('021-12345678')).toBeNull();
  });
});

describe('validateVisit', () => {
  it('accepts a prospect alone, and one with an existing and a new companion', () => {
    expect(validateVisit(draft(), today)).toEqual({});
    expect(validateVisit(draft({ companions: [existing('p2'), fresh('赵六', '139 0000 1111')] }), today)).toEqual({});
  });
  it('needs a prospect and a date not in the future', () => {
    expect(validateVisit(draft({ prospectId: null, date: '2026-03-11' }), today)).toEqual({ prospect: 'visit.error.prospect', date: 'visit.error.future' });
    expect(validateVisit(draft({ date: '' }), today)).toEqual({ date: 'visit.error.date' });
  });
  it('checks each companion: chosen, a role, not the prospect, not twice', () => {
    const errors = validateVisit(draft({ companions: [existing(null), existing('p1'), existing('p2', null), existing('p2')] }), today);
    expect(errors).toEqual({
      'companions.0.person': 'visit.error.companion',
      'companions.1.person': 'visit.error.self',
      'companions.2.role': 'visit.error.role',
      'companions.3.person': 'visit.error.duplicate',
    });
  });
  it('checks a new companion’s name and phone', () => {
    expect(validateVisit(draft({ companions: [fresh('  '), fresh('张三', '12345')] }), today)).toEqual({
      'companions.0.name': 'visit.error.name',
      'companions.1.phone': 'visit.error.phone',
    });
    expect(validateVisit(draft({ companions: [fresh('张'.repeat(51))] }), today)).toEqual({ 'companions.0.name': 'visit.error.nameLong' });
  });
  it('allows at most 8 companions', () => {
    const nine = Array.from({ length: 9 }, (_, i) => existing(`c${i}`));
    expect(validateVisit(draft({ companions: nine }), today).companions).toBe('visit.error.tooMany');
  });
});

describe('toVisitInput', () => {
  it('sends existing people by id and new ones with a normalised phone', () => {
    const input = toVisitInput(draft({ kind: 'TEST_DRIVE', notes: ' 看了汉EV ', companions: [existing('p2', 'DRIVER'), fresh('赵六', '13900001111'), fresh('钱七')] }));
    expect(input).toEqual({
      prospectId: 'p1',
      date: '2026-03-10',
      kind: 'TEST_DRIVE',
      notes: '看了汉EV',
      companions: [
        { personId: 'p2', role: 'DRIVER' },
        { newPerson: { name: '赵六', phone: '+8613900001111' }, role: 'FRIEND' },
        { newPerson: { name: '钱七' }, role: 'FRIEND' },
      ],
    });
  });
  it('names the people of the answer, new companions by their new ids', () => {
    const d = draft({ companions: [existing('p2'), fresh('赵六')] });
    const names = tieNames(d, [{ personId: 'p2' }, { personId: 'new-9' }]);
    expect([...names.entries()]).toEqual([
      ['p1', '王伟'],
      ['p2', '李娜'],
      ['new-9', '赵六'],
    ]);
  });
});
