import type { MessageKey } from '../i18n/i18n.js';

// The 7-day thank-you call has three parts: thanks, "can we help" (plates, registration, route maps, other),
// and "what do you think" (feedback, which may become a testimonial only with the customer's consent).

export const HELP_KINDS = ['PLATES', 'REGISTRATION', 'ROUTE_MAPS', 'OTHER'] as const;
export type HelpKindName = (typeof HELP_KINDS)[number];
// NO_ANSWER keeps the call open (an attempt is counted); the others close it
export const OUTCOMES = ['REACHED', 'NO_ANSWER', 'DECLINED', 'UNREACHABLE'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CallDraft {
  outcome: Outcome;
  thanked: boolean;
  help: HelpKindName[];
  helpNotes: string;
  feedback: string;
  rating: number | null;
  publishConsent: boolean;
  callConsent: boolean;
}

export function emptyCall(): CallDraft {
  return { outcome: 'REACHED', thanked: false, help: [], helpNotes: '', feedback: '', rating: null, publishConsent: false, callConsent: false };
}

export type CallErrors = Partial<Record<'thanked' | 'helpNotes' | 'feedback' | 'rating' | 'consent', MessageKey>>;

export function validateCall(d: CallDraft): CallErrors {
  const e: CallErrors = {};
  if (d.outcome !== 'REACHED') {
    // nobody to thank or ask: consent can only come from the customer
    if (d.publishConsent || d.callConsent) e.consent = 'followUps.error.consentUnreached';
    return e;
  }
  if (!d.thanked) e.thanked = 'followUps.error.thanks';
  if (d.help.includes('OTHER') && !d.helpNotes.trim()) e.helpNotes = 'followUps.error.helpNotes';
  if (d.helpNotes.length > 500) e.helpNotes = 'followUps.error.helpNotesLong';
  const text = d.feedback.trim();
  if (text.length > 2000) e.feedback = 'followUps.error.feedbackLong';
  if (text && d.rating === null) e.rating = 'followUps.error.rating';
  if (d.rating !== null && (!Number.isInteger(d.rating) || d.rating < 1 || d.rating > 5)) e.rating = 'followUps.error.rating';
  if ((d.publishConsent || d.callConsent) && !text) e.consent = 'followUps.error.consentNeedsFeedback';
  return e;
}

export interface CompleteFollowUpVars {
  id: string;
  outcome: Outcome;
  thanksGiven: boolean | null;
  helpNotes: string | null;
  feedback: string | null;
  rating: number | null;
  publishConsent: boolean;
  callConsent: boolean;
  needsHelp: HelpKindName[];
}

export function toCompleteVars(id: string, d: CallDraft): CompleteFollowUpVars {
  const reached = d.outcome === 'REACHED';
  const feedback = reached ? d.feedback.trim() : '';
  return {
    id,
    outcome: d.outcome,
    thanksGiven: reached ? d.thanked : null,
    helpNotes: reached && d.helpNotes.trim() ? d.helpNotes.trim() : null,
    feedback: feedback || null,
    rating: reached && feedback ? d.rating : null,
    publishConsent: reached && !!feedback && d.publishConsent,
    callConsent: reached && !!feedback && d.callConsent,
    needsHelp: reached ? [...d.help] : [],
  };
}

/** Overdue first, then by due date, then by id (a stable order). */
export function sortFollowUps<T extends { id: string; dueDate: string; overdue?: boolean | null }>(items: readonly T[], today: string): T[] {
  const overdue = (x: T) => x.overdue ?? x.dueDate < today;
  return [...items].sort((a, b) => Number(overdue(b)) - Number(overdue(a)) || a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
}

/** Sunday of the ISO week holding `day` (calls "due this week"). */
export function endOfWeek(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() + (6 - weekday));
  return date.toISOString().slice(0, 10);
}

/** The next calendar day (for exclusive "before" bounds). */
export function dayAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
