import { randomUUID } from 'node:crypto';
import { badInput, forbidden, notFound } from '../../errors.js';
import type { Viewer } from '../../graphql/context.js';
import { writeAudit } from '../../queries/audit.queries.js';
import type { QueryRunner } from '../../queries/driver.js';
import {
  countPublished,
  eligibleTestimonials,
  findBoardOfWeek,
  getBoard,
  insertBoard,
  listBoards,
  lockDealership,
  lockTestimonial,
  setTestimonialStatusRow,
  testimonialFacts,
  type BoardRow,
  type TestimonialFacts,
} from '../../queries/routines-boards.queries.js';
import { viewerParams } from '../../queries/visibility.js';
import { assertCanWriteDealership, canReadDealership, requireRole, requireViewer } from '../access.js';
import { rankForBoard, type ScoreParts } from './board-score.js';
import { isoWeekOf, parseIsoWeek, todayInDealerZone, type IsoWeek } from './dates.js';
import { boardDealership, conflict, pageSize, readScope, requiredId } from './scope.js';

/** Shown on every board, on screen and on the poster: a board is a selection, never all reviews. */
export const BOARD_DISCLAIMER = '精选评价，非全部评价 / A curated selection, not all reviews';
export const BOARD_MIN_ENTRIES = 7;
export const BOARD_MAX_ENTRIES = 8;
/** At most this many eligible testimonials of one week are ranked. */
const CANDIDATE_CAP = 500;
/** Who may publish a board: managers for their store, marketing and admins for any. */
export const BOARD_PUBLISHERS = ['manager', 'marketing', 'admin'] as const;

export interface BoardCandidate {
  testimonialId: string;
  rank: number;
  score: number;
  parts: ScoreParts;
  diversityPenalty: number;
  authorId: string;
  authorName: string;
  text: string;
  rating: number;
  date: string;
  consentToBeCalled: boolean;
  saleId: string | null;
  vehicleModelId: string | null;
  brand: string | null;
  model: string | null;
  salespersonId: string | null;
  salespersonName: string | null;
}

export interface BoardCandidatesResult {
  week: string;
  weekStart: string;
  weekEnd: string;
  dealershipId: string;
  publishedReviewCount: number;
  eligibleCount: number;
  disclaimer: string;
  candidates: BoardCandidate[];
}

export interface BoardView extends Omit<BoardRow, 'entries'> {
  disclaimer: string;
  withdrawnCount: number;
  entries: (BoardRow['entries'][number] & { withdrawn: boolean })[];
}

export interface PublishBoardResult {
  created: boolean;
  board: BoardView;
}

function view(b: BoardRow): BoardView {
  const entries = b.entries.map((e) => ({ ...e, withdrawn: e.withdrawnReason !== null }));
  return { ...b, entries, disclaimer: BOARD_DISCLAIMER, withdrawnCount: entries.filter((e) => e.withdrawn).length };
}

/** Why a testimonial may not go on this board, or null when it may. */
function ineligibility(f: TestimonialFacts, dealershipId: string, week: IsoWeek): string | null {
  if (!f.found || f.dealershipId !== dealershipId) return 'no such testimonial in this dealership';
  if (f.status !== 'PUBLISHED') return `it is ${String(f.status).toLowerCase()}, not published`;
  if (f.consentToPublish !== true) return 'the author did not consent to publication';
  if (f.authorErased || !f.authorId) return 'the author was erased';
  if (f.authorShareConsent !== true || !f.authorName) return 'the author did not consent to be named';
  if (!f.date || f.date < week.start || f.date > week.end) return `it is not dated in ${week.week}`;
  return null;
}

export class BoardRoutines {
  constructor(
    private readonly db: QueryRunner,
    private readonly viewer: Viewer | null,
  ) {}

  async boardCandidates(args: { week?: string | null; first?: number | null; dealershipId?: string | null }): Promise<BoardCandidatesResult> {
    const v = requireViewer(this.viewer);
    const dealershipId = boardDealership(v, args.dealershipId);
    const week = args.week ? parseIsoWeek('week', args.week) : isoWeekOf(todayInDealerZone());
    const first = pageSize('first', args.first, 30, 100);
    const range = { dealershipId, start: week.start, end: week.end };
    const [facts, publishedReviewCount] = await Promise.all([
      eligibleTestimonials(this.db, { ...range, cap: CANDIDATE_CAP }),
      countPublished(this.db, range),
    ]);
    const eligible = facts.filter((f) => ineligibility(f, dealershipId, week) === null);
    const ranked = rankForBoard(
      eligible.map((f) => ({
        id: f.testimonialId,
        text: f.text ?? '',
        rating: f.rating ?? 0,
        date: f.date!,
        vehicleModelId: f.vehicleModelId,
        salespersonId: f.salespersonId,
        facts: f,
      })),
    );
    return {
      week: week.week,
      weekStart: week.start,
      weekEnd: week.end,
      dealershipId,
      publishedReviewCount,
      eligibleCount: eligible.length,
      disclaimer: BOARD_DISCLAIMER,
      candidates: ranked.slice(0, first).map((r) => ({
        testimonialId: r.item.id,
        rank: r.rank,
        score: r.score,
        parts: r.parts,
        diversityPenalty: r.diversityPenalty,
        authorId: r.item.facts.authorId!,
        authorName: r.item.facts.authorName!,
        text: r.item.text,
        rating: r.item.rating,
        date: r.item.date,
        consentToBeCalled: r.item.facts.consentToBeCalled === true,
        saleId: r.item.facts.saleId,
        vehicleModelId: r.item.facts.vehicleModelId,
        brand: r.item.facts.brand,
        model: r.item.facts.model,
        salespersonId: r.item.facts.salespersonId,
        salespersonName: r.item.facts.salespersonName,
      })),
    };
  }

  /**
   * Keeps the week's board: 7 or 8 eligible testimonials in the given order, each snapshotted (name, text,
   * rating). One board per store and week; publishing the same selection again returns the kept board.
   */
  async publishBoard(args: { week: string; testimonialIds: string[]; dealershipId?: string | null }): Promise<PublishBoardResult> {
    const v = requireRole(this.viewer, BOARD_PUBLISHERS);
    const dealershipId = boardDealership(v, args.dealershipId);
    const week = parseIsoWeek('week', args.week ?? '');
    const ids = (args.testimonialIds ?? []).map((x) => x.trim());
    if (ids.length < BOARD_MIN_ENTRIES || ids.length > BOARD_MAX_ENTRIES) {
      throw badInput('testimonialIds', `A board holds ${BOARD_MIN_ENTRIES} or ${BOARD_MAX_ENTRIES} testimonials, not ${ids.length}`);
    }
    if (new Set(ids).size !== ids.length) throw badInput('testimonialIds', 'A testimonial is listed twice');

    const boardId = await this.db.writeTx(async (tx) => {
      if (!(await lockDealership(tx, dealershipId))) throw notFound('Dealership');
      const existing = await findBoardOfWeek(tx, { dealershipId, week: week.week });
      if (existing) {
        if (existing.testimonialIds.join('\n') === ids.join('\n')) return { id: existing.id, created: false };
        throw conflict('week', `The board for ${week.week} is already published; boards are kept as published`);
      }
      const facts = await testimonialFacts(tx, ids);
      const problems = facts
        .map((f) => ({ id: f.testimonialId, why: ineligibility(f, dealershipId, week) }))
        .filter((p) => p.why !== null);
      if (problems.length) {
        throw badInput('testimonialIds', `Not eligible for this board: ${problems.map((p) => `${p.id} (${p.why})`).join('; ')}`);
      }
      const byId = new Map(facts.map((f) => [f.testimonialId, f]));
      const id = randomUUID();
      await insertBoard(tx, {
        id,
        week: week.week,
        weekStart: week.start,
        weekEnd: week.end,
        dealershipId,
        publishedBy: v.userId,
        publishedByName: v.username,
        publishedReviewCount: await countPublished(tx, { dealershipId, start: week.start, end: week.end }),
        entries: ids.map((tid, i) => {
          const f = byId.get(tid)!;
          return {
            id: randomUUID(),
            rank: i + 1,
            testimonialId: tid,
            authorName: f.authorName!,
            text: f.text!,
            rating: f.rating!,
            date: f.date!,
            brand: f.brand,
            model: f.model,
            salespersonName: f.salespersonName,
          };
        }),
      });
      await writeAudit(tx, v, 'publishBoard', 'Board', id, { week: week.week, dealershipId, testimonialIds: ids });
      return { id, created: true };
    });
    const board = await getBoard(this.db, { id: boardId.id, ...viewerParams(v) });
    return { created: boardId.created, board: view(board!) };
  }

  /** Past boards, newest week first. */
  async boards(args: { first?: number | null; dealershipId?: string | null }): Promise<BoardView[]> {
    const v = requireViewer(this.viewer);
    const scope = readScope(v, args.dealershipId);
    const first = pageSize('first', args.first, 20, 200);
    return (await listBoards(this.db, { first, dealershipId: scope, ...viewerParams(v) })).map(view);
  }

  async board(id: string): Promise<BoardView | null> {
    const v = requireViewer(this.viewer);
    const b = await getBoard(this.db, { id: requiredId('id', id), ...viewerParams(v) });
    return b && canReadDealership(v, b.dealershipId) ? view(b) : null;
  }

  /**
   * DRAFT -> PUBLISHED (manager or admin; needs the author's consent to publish), any -> WITHDRAWN (anyone who
   * writes the store's records). A withdrawn testimonial stays withdrawn.
   */
  async setTestimonialStatus(args: { id: string; status: string }): Promise<{ id: string; status: string; consentToPublish: boolean; dealershipId: string }> {
    const v = requireRole(this.viewer, ['salesperson', 'manager', 'admin']);
    const id = requiredId('id', args.id);
    if (args.status !== 'PUBLISHED' && args.status !== 'WITHDRAWN') {
      throw badInput('status', 'A testimonial can be set to PUBLISHED or WITHDRAWN');
    }
    if (args.status === 'PUBLISHED' && v.role === 'salesperson') throw forbidden('A manager publishes testimonials');
    return this.db.writeTx(async (tx) => {
      const t = await lockTestimonial(tx, id);
      if (!t || !canReadDealership(v, t.dealershipId)) throw notFound('Testimonial');
      assertCanWriteDealership(v, t.dealershipId);
      if (t.status === args.status) return t;
      if (t.status === 'WITHDRAWN') throw conflict('status', 'A withdrawn testimonial stays withdrawn');
      if (args.status === 'PUBLISHED' && !t.consentToPublish) {
        throw badInput('status', 'The author did not consent to publication');
      }
      const row = await setTestimonialStatusRow(tx, { id, status: args.status, by: v.userId });
      await writeAudit(tx, v, 'setTestimonialStatus', 'Testimonial', id, { from: t.status, to: args.status });
      return row;
    });
  }
}
