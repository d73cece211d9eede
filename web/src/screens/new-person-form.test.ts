import { describe, expect, it } from 'vitest';
import { draftFromSearch, draftFromStored, emptyPerson, phoneDigits, toPersonInput, toPersonPatch, validatePerson, type NewPersonDraft } from './new-person-form.js';

const draft = (patch: Partial<NewPersonDraft> = {}): NewPersonDraft => ({ ...emptyPerson(), name: '王伟', ...patch });

describe('draftFromSearch', () => {
  it('turns digits into the phone and anything else into the name', () => {
    expect(draftFromSearch('138 1234 5678')).toMatchObject({ phone: '138 1234 5678', name: '' });
    expect(draftFromSearch(' 张伟 ')).toMatchObject({ name: '张伟', phone: '' });
    expect(draftFromSearch(null)).toEqual(emptyPerson());
  });
  it('starts as a prospect with both consents unticked', () => {
    expect(emptyPerson()).toMatchObject({ kind: 'PROSPECT', shareConsent: false, contactConsent: false });
  });
});

describe('validatePerson', () => {
  it('needs a name; the phone is optional but must be a China mobile', () => {
    expect(validatePerson(draft())).toEqual({});
    expect(validatePerson(draft({ phone: '+86 138-1234-5678' }))).toEqual({});
    expect(validatePerson(draft({ name: '  ' }))).toEqual({ name: 'newPerson.error.name' });
    expect(validatePerson(draft({ name: '王'.repeat(101) }))).toEqual({ name: 'newPerson.error.nameLong' });
    expect(validatePerson(draft({ phone: '021-12345678' }))).toEqual({ phone: 'newPerson.error.phone' });
    expect(validatePerson(draft({ city: '杭'.repeat(51), notes: 'x'.repeat(2001) }))).toEqual({ city: 'newPerson.error.tooLong', notes: 'newPerson.error.tooLong' });
  });
});

describe('toPersonInput', () => {
  it('trims, leaves empty fields out and sends the phone as +86', () => {
    expect(toPersonInput(draft({ name: ' 王伟 ', phone: '138 1234 5678', city: ' 杭州 ', contactConsent: true }), null)).toEqual({
      name: '王伟',
      kind: 'PROSPECT',
      shareConsent: false,
      contactConsent: true,
      phone: '+8613812345678',
      city: '杭州',
    });
    expect(toPersonInput(draft({ kind: 'CONTACT' }), 'd1')).toMatchObject({ kind: 'CONTACT', dealershipId: 'd1' });
  });
  it('gives the digits to look up only for a valid phone', () => {
    expect(phoneDigits('+86 138 1234 5678')).toBe('13812345678');
    expect(phoneDigits('1381234')).toBeNull();
  });
});

describe('toPersonPatch', () => {
  const stored = { name: '王伟', phone: '+8613812345678', kind: 'PROSPECT', city: '杭州', region: null, employer: '阿里', notes: null };
  it('sends only what changed, emptied fields as null and the phone as +86', () => {
    expect(toPersonPatch(stored, draftFromStored(stored))).toEqual({});
    const d = { ...draftFromStored(stored), name: ' 王伟伟 ', phone: '139 0000 1111', city: '', region: '浙江' };
    expect(toPersonPatch(stored, d)).toEqual({ name: '王伟伟', phone: '+8613900001111', city: null, region: '浙江' });
    expect(toPersonPatch(stored, { ...draftFromStored(stored), phone: '' })).toEqual({ phone: null });
    // the same number written differently is no change
    expect(toPersonPatch(stored, { ...draftFromStored(stored), phone: '138-1234-5678' })).toEqual({});
  });
  it('lets a prospect become a contact, and keeps a buyer a buyer', () => {
    expect(toPersonPatch(stored, { ...draftFromStored(stored), kind: 'CONTACT' })).toEqual({ kind: 'CONTACT' });
    const buyer = { ...stored, kind: 'BUYER' };
    expect(toPersonPatch(buyer, { ...draftFromStored(buyer), kind: 'CONTACT' })).toEqual({});
  });
});
