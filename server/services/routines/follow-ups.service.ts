import { randomUUID } from 'node:crypto';
import { badInput, forbidden, notFound } from '../../errors.js';
import type { Viewer } from '../../graphql/context.js';
import { writeAudit } from '../../queries/audit.queries.js';
import type { QueryRunner } from '../../queries/driver.js';
import {
  closeTask,
  followUpStatsRows,
  getFollowUp,
  insertDraftTestimonial,
  insertHelpTasks,
  listFollowUps,
  lockFollowUp,
  lockTask,
  saveFollowUpCompletion,
  tasksOfFollowUp,
  type FollowUpRow,
  type TaskRow,
} from '../../queries/routines-followups.queries.js';
import { viewerParams } from '../../queries/visibility.js';
import { canReadDealership, requireViewer } from '../access.js';
import { addDays, daysBetween, parseDate, todayInDealerZone } from './dates.js';
import { conflict, optionalText, pageSize, readScope, requiredId } from './scope.js';

export const CALL_OUTCOMES = ['REACHED', 'NO_ANSWER', 'DECLINED', 'UNREACHABLE'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export const HELP_KINDS = ['PLATES', 'REGISTRATION', 'ROUTE_MAPS', 'OTHER'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];
export const FOLLOW_UP_STATUSES = ['OPEN', 'DONE', 'CANCELLED'] as const;

/** Help tasks are due this many days after the call. */
export const TASK_DUE_DAYS = 3;

export interface FollowUpItem extends FollowUpRow {
  overdue: boolean;
  daysOverdue: number;
}

export interface CompleteFollowUpArgs {
  id: string;
  outcome: string;
  thanksGiven?: boolean | null;
  feedback?: string | null;
  rating?: number | null;
  publishConsent?: boolean | null;
  callConsent?: boolean | null;
  needsHelp?: string[] | null;
  helpNotes?: string | null;
}

export interface CompleteFollowUpResult {
  followUp: FollowUpItem;
  testimonialId: string | null;
  tasks: TaskRow[];
}

export interface FollowUpRates {
  due: number;
  done: number;
  reached: number;
  onTime: number;
  overdueOpen: number;
  completionRate: number | null;
  reachRate: number | null;
  onTimeRate: number | null;
  averageDaysToCall: number | null;
  medianDaysToCall: number | null;
}

export interface SalespersonFollowUpStats extends FollowUpRates {
  dealershipId: string;
  dealershipName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
}

export interface DealershipFollowUpStats extends FollowUpRates {
  dealershipId: string;
  dealershipName: string | null;
}

export interface FollowUpStatsResult {
  from: string;
  to: string;
  bySalesperson: SalespersonFollowUpStats[];
  byDealership: DealershipFollowUpStats[];
}

function rates(x: { due: number; done: number; reached: number; onTime: number; overdueOpen: number; daysToCall: number[] }): FollowUpRates {
  const days = [...x.daysToCall].sort((a, b) => a - b);
  const mid = Math.floor(days.length / 2);
  return {
    due: x.due,
    done: x.done,
    reached: x.reached,
    onTime: x.onTime,
    overdueOpen: x.overdueOpen,
    completionRate: x.due > 0 ? x.done / x.due : null,
    reachRate: x.due > 0 ? x.reached / x.due : null,
    onTimeRate: x.due > 0 ? x.onTime / x.due : null,
    averageDaysToCall: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
    medianDaysToCall: days.length ? (days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2) : null,
  };
}

/** A follow-up row with its overdue state on `today` (China time). */
export function toFollowUpItem(r: FollowUpRow, today: string): FollowUpItem {
  const overdue = r.status === 'OPEN' && r.dueDate < today;
  return { ...r, overdue, daysOverdue: overdue ? daysBetween(r.dueDate, today) : 0 };
}

export class FollowUpRoutines {
  constructor(
    private readonly db: QueryRunner,
    private readonly viewer: Viewer | null,
  ) {}

  /**
   * The viewer's calls (a manager or admin may name a colleague), open and overdue first, then by due date.
   * dueBefore is exclusive.
   */
  async myFollowUps(args: { status?: string | null; dueBefore?: string | null; first?: number | null; assigneeId?: string | null }): Promise<FollowUpItem[]> {
    const v = requireViewer(this.viewer);
    const assigneeId = optionalText('assigneeId', args.assigneeId, 200) ?? v.userId;
    if (assigneeId !== v.userId && v.role !== 'manager' && v.role !== 'admin') {
      throw forbidden("Only a manager or an admin may list a colleague's calls");
    }
    const status = args.status ?? null;
    if (status !== null && !(FOLLOW_UP_STATUSES as readonly string[]).includes(status)) throw badInput('status', 'Unknown status');
    const dueBefore = args.dueBefore ? parseDate('dueBefore', args.dueBefore) : null;
    const first = pageSize('first', args.first, 50, 200);
    const today = todayInDealerZone();
    const rows = await listFollowUps(this.db, { assigneeId, status, dueBefore, today, first, ...viewerParams(v) });
    return rows.map((r) => toFollowUpItem(r, today));
  }

  async followUp(id: string): Promise<FollowUpItem | null> {
    const v = requireViewer(this.viewer);
    const r = await getFollowUp(this.db, requiredId('id', id), viewerParams(v));
    if (!r || !canReadDealership(v, r.dealershipId)) return null;
    return toFollowUpItem(r, todayInDealerZone());
  }

  /**
   * Records the thank-you call: thanks given, help asked for (each kind becomes a Task), the customer's feedback.
   * Feedback with publish consent becomes a DRAFT testimonial; without it, it stays in the follow-up's notes.
   * NO_ANSWER only counts an attempt and leaves the call open.
   */
  async completeFollowUp(args: CompleteFollowUpArgs): Promise<CompleteFollowUpResult> {
    const v = requireViewer(this.viewer);
    const id = requiredId('id', args.id);
    const outcome = CALL_OUTCOMES.find((o) => o === args.outcome);
    if (!outcome) throw badInput('outcome', `outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
    const feedback = optionalText('feedback', args.feedback, 2000);
    const helpNotes = optionalText('helpNotes', args.helpNotes, 500);
    const rating = args.rating ?? null;
    if (rating !== null && (!Number.isInteger(rating) || rating < 1 || rating > 5)) {
      throw badInput('rating', 'rating must be a whole number from 1 to 5');
    }
    const help: HelpKind[] = [];
    for (const h of args.needsHelp ?? []) {
      const k = HELP_KINDS.find((x) => x === h);
      if (!k) throw badInput('needsHelp', `needsHelp takes ${HELP_KINDS.join(', ')}`);
      if (!help.includes(k)) help.push(k);
    }
    const publishConsent = args.publishConsent ?? false;
    if (outcome !== 'REACHED') {
      if (feedback || rating !== null || publishConsent || args.callConsent != null || help.length || args.thanksGiven != null) {
        throw badInput('outcome', 'Thanks, feedback, rating, consent and help requests belong to a call that reached the customer');
      }
    }
    if (publishConsent && !feedback) throw badInput('feedback', 'There is no feedback to publish');
    if (publishConsent && rating === null) throw badInput('rating', 'A testimonial needs a rating from 1 to 5');
    const today = todayInDealerZone();

    const result = await this.db.writeTx(async (tx) => {
      const f = await lockFollowUp(tx, id);
      if (!f || !canReadDealership(v, f.dealershipId)) throw notFound('Follow-up');
      const allowed =
        v.role === 'admin' ||
        (v.dealershipId === f.dealershipId && (v.userId === f.assigneeId || v.role === 'manager'));
      if (!allowed) throw forbidden('Only the assignee, their manager or an admin may complete this call');
      if (f.status !== 'OPEN') throw conflict('id', `This follow-up is already ${f.status.toLowerCase()}`);
      if (publishConsent && (!f.buyerId || !f.saleId || f.buyerErased)) {
        throw badInput('publishConsent', "The buyer's record is gone, so nothing can be published in their name");
      }
      const done = outcome !== 'NO_ANSWER';
      await saveFollowUpCompletion(tx, {
        id,
        status: done ? 'DONE' : 'OPEN',
        outcome,
        thanksGiven: outcome === 'REACHED' ? (args.thanksGiven ?? true) : null,
        helpRequested: help,
        helpNotes,
        // without consent the words stay here, on the follow-up, and nowhere public
        notes: publishConsent ? null : feedback,
        rating,
        callConsent: outcome === 'REACHED' ? (args.callConsent ?? false) : null,
        publishConsent: outcome === 'REACHED' ? publishConsent : null,
        completedBy: v.userId,
      });
      let testimonialId: string | null = null;
      if (publishConsent && feedback && rating !== null) {
        testimonialId = randomUUID();
        await insertDraftTestimonial(tx, {
          id: testimonialId,
          followUpId: id,
          saleId: f.saleId!,
          buyerId: f.buyerId!,
          text: feedback,
          rating,
          date: today,
          consentToBeCalled: args.callConsent ?? false,
        });
      }
      const tasks = help.length
        ? await insertHelpTasks(tx, {
            followUpId: id,
            tasks: help.map((kind) => ({ id: randomUUID(), kind })),
            notes: helpNotes,
            dueDate: addDays(today, TASK_DUE_DAYS),
            createdBy: v.userId,
          })
        : [];
      await writeAudit(tx, v, done ? 'completeFollowUp' : 'followUpAttempt', 'FollowUp', id, {
        outcome,
        testimonialId,
        tasks: tasks.map((t) => t.id),
      });
      return { testimonialId };
    });
    const after = await getFollowUp(this.db, id, viewerParams(v));
    return {
      followUp: toFollowUpItem(after!, today),
      testimonialId: result.testimonialId,
      tasks: await tasksOfFollowUp(this.db, id),
    };
  }

  async completeTask(args: { id: string; notes?: string | null }): Promise<TaskRow> {
    const v = requireViewer(this.viewer);
    const id = requiredId('id', args.id);
    const notes = optionalText('notes', args.notes, 500);
    return this.db.writeTx(async (tx) => {
      const k = await lockTask(tx, id);
      if (!k || !canReadDealership(v, k.dealershipId)) throw notFound('Task');
      const allowed =
        v.role === 'admin' || (v.dealershipId === k.dealershipId && (v.userId === k.assigneeId || v.role === 'manager'));
      if (!allowed) throw forbidden('Only the assignee, their manager or an admin may close this task');
      if (k.status !== 'OPEN') throw conflict('id', 'This task is already done');
      const row = await closeTask(tx, { id, notes, doneBy: v.userId });
      await writeAudit(tx, v, 'completeTask', 'Task', id, { kind: k.kind });
      return row;
    });
  }

  /** Completion, reach and on-time rates and days from sale to call, per salesperson and per dealership. */
  async followUpStats(args: { from?: string | null; to?: string | null; dealershipId?: string | null }): Promise<FollowUpStatsResult> {
    const v = requireViewer(this.viewer);
    const scope = readScope(v, args.dealershipId);
    const today = todayInDealerZone();
    const to = args.to ? parseDate('to', args.to) : today;
    const from = args.from ? parseDate('from', args.from) : addDays(to, -90);
    if (from > to) throw badInput('from', 'from must not be after to');
    if (daysBetween(from, to) > 3700) throw badInput('from', 'The period may span at most ten years');
    const rows = await followUpStatsRows(this.db, { from, to, today, dealershipId: scope, ...viewerParams(v) });
    const bySalesperson = rows.map((r) => ({
      dealershipId: r.dealershipId,
      dealershipName: r.dealershipName,
      assigneeId: r.assigneeId,
      assigneeName: r.assigneeName,
      ...rates(r),
    }));
    const dealers = new Map<string, { name: string | null; due: number; done: number; reached: number; onTime: number; overdueOpen: number; daysToCall: number[] }>();
    for (const r of rows) {
      const d = dealers.get(r.dealershipId) ?? { name: r.dealershipName, due: 0, done: 0, reached: 0, onTime: 0, overdueOpen: 0, daysToCall: [] };
      d.due += r.due;
      d.done += r.done;
      d.reached += r.reached;
      d.onTime += r.onTime;
      d.overdueOpen += r.overdueOpen;
      d.daysToCall.push(...r.daysToCall);
      dealers.set(r.dealershipId, d);
    }
    const byDealership = [...dealers.entries()].map(([dealershipId, d]) => ({ dealershipId, dealershipName: d.name, ...rates(d) }));
    return { from, to, bySalesperson, byDealership };
  }
}
