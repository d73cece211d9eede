import { describe, expect, it } from 'vitest';
import { dayAfter, emptyCall, endOfWeek, sortFollowUps, toCompleteVars, validateCall } from './follow-up-form.js';

describe('validateCall', () => {
  it('needs the thanks on a reached call, and a rating with feedback', () => {
    expect(validateCall(emptyCall())).toEqual({ thanked: 'followUps.error.thanks' });
    expect(validateCall({ ...emptyCall(), thanked: true, feedback: '很满意' })).toEqual({ rating: 'followUps.error.rating' });
    expect(validateCall({ ...emptyCall(), thanked: true, feedback: '很满意', rating: 5 })).toEqual({});
  });
  it('allows consent only with feedback, and never for a call that did not reach the customer', () => {
    expect(validateCall({ ...emptyCall(), thanked: true, publishConsent: true })).toEqual({ consent: 'followUps.error.consentNeedsFeedback' });
    expect(validateCall({ ...emptyCall(), outcome: 'NO_ANSWER', callConsent: true })).toEqual({ consent: 'followUps.error.consentUnreached' });
    expect(validateCall({ ...emptyCall(), outcome: 'NO_ANSWER' })).toEqual({});
  });
  it('needs a note for "other" help', () => {
    expect(validateCall({ ...emptyCall(), thanked: true, help: ['OTHER'] })).toEqual({ helpNotes: 'followUps.error.helpNotes' });
    expect(validateCall({ ...emptyCall(), thanked: true, help: ['OTHER'], helpNotes: '保险' })).toEqual({});
  });
});

describe('toCompleteVars', () => {
  it('sends the three parts of a reached call', () => {
    expect(
      toCompleteVars('f1', { outcome: 'REACHED', thanked: true, help: ['PLATES'], helpNotes: '', feedback: ' 很好 ', rating: 5, publishConsent: true, callConsent: false }),
    ).toEqual({ id: 'f1', outcome: 'REACHED', thanksGiven: true, helpNotes: null, feedback: '很好', rating: 5, publishConsent: true, callConsent: false, needsHelp: ['PLATES'] });
  });
  it('sends nothing of the conversation for a call that did not reach the customer', () => {
    expect(
      toCompleteVars('f1', { outcome: 'NO_ANSWER', thanked: true, help: ['PLATES'], helpNotes: 'x', feedback: 'x', rating: 4, publishConsent: true, callConsent: true }),
    ).toEqual({ id: 'f1', outcome: 'NO_ANSWER', thanksGiven: null, helpNotes: null, feedback: null, rating: null, publishConsent: false, callConsent: false, needsHelp: [] });
  });
});

describe('due dates', () => {
  it('puts overdue calls first, then by due date', () => {
    const items = [
      { id: 'c', dueDate: '2026-03-12' },
      { id: 'a', dueDate: '2026-03-01' },
      { id: 'b', dueDate: '2026-03-11', overdue: true }, // the server says so (China time)
      { id: 'd', dueDate: '2026-03-09' },
    ];
    expect(sortFollowUps(items, '2026-03-10').map((x) => x.id)).toEqual(['a', 'd', 'b', 'c']);
  });
  it('finds the Sunday ending the week, and the day after', () => {
    expect(endOfWeek('2026-03-10')).toBe('2026-03-15'); // Tuesday
    expect(endOfWeek('2026-03-15')).toBe('2026-03-15'); // Sunday
    expect(endOfWeek('2026-12-28')).toBe('2027-01-03');
    expect(dayAfter('2026-02-28')).toBe('2026-03-01');
  });
});
