import { isoWeekday } from './dates.js';

/**
 * How testimonials are ranked for the weekly board (docs/routines.md):
 *   base = 0.45 × rating + 0.35 × substance + 0.20 × recency, each part in 0..1
 *     rating    = (stars − 1) / 4
 *     substance = min(1, characters / 80) × min(1, (distinct characters / characters) / 0.5)
 *                 — long enough to say something, and not "好好好好好好"
 *     recency   = (ISO weekday − 1) / 6: Monday 0 … Sunday 1, fresher comments first
 *   then a greedy re-ranking for variety: each pick maximises
 *     base − 0.10 × (picked entries of the same model) − 0.08 × (picked entries by the same salesperson)
 *          − 1 × (picked entries with the same wording: the text without spaces and punctuation, case folded)
 *   ties broken by base, then newer date, then id.
 *   Two real names under one wording read as staged, so a repeat goes below every distinct text (base ≤ 1).
 */
export const BOARD_WEIGHTS = { rating: 0.45, substance: 0.35, recency: 0.2 } as const;
export const BOARD_SUBSTANCE = { fullLength: 80, minDistinctRatio: 0.5 } as const;
export const BOARD_DIVERSITY = { sameModel: 0.1, sameSalesperson: 0.08, sameWording: 1 } as const;

/** The text as compared for repeats: no spaces or punctuation (Chinese or Latin), case folded. */
export function wordingOf(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]+/gu, '').toLowerCase();
}

export interface ScoreInput {
  id: string;
  text: string;
  rating: number;
  date: string;
  vehicleModelId: string | null;
  salespersonId: string | null;
}

export interface ScoreParts {
  rating: number;
  substance: number;
  recency: number;
  base: number;
}

export interface RankedCandidate<T extends ScoreInput> {
  item: T;
  rank: number;
  parts: ScoreParts;
  diversityPenalty: number;
  score: number;
}

export function substanceOf(text: string): number {
  const chars = [...text.replace(/\s+/g, '')];
  if (chars.length === 0) return 0;
  const distinctRatio = new Set(chars).size / chars.length;
  return Math.min(1, chars.length / BOARD_SUBSTANCE.fullLength) * Math.min(1, distinctRatio / BOARD_SUBSTANCE.minDistinctRatio);
}

export function scoreParts(t: ScoreInput): ScoreParts {
  const rating = Math.max(0, Math.min(1, (t.rating - 1) / 4));
  const substance = substanceOf(t.text);
  const recency = (isoWeekday(t.date) - 1) / 6;
  const base = BOARD_WEIGHTS.rating * rating + BOARD_WEIGHTS.substance * substance + BOARD_WEIGHTS.recency * recency;
  return { rating, substance, recency, base };
}

/** Greedy diversity re-ranking of all candidates, best first. */
export function rankForBoard<T extends ScoreInput>(items: T[]): RankedCandidate<T>[] {
  // what makes two entries alike, each with its weight: the same model, salesperson, wording ('' for none)
  const weights = [BOARD_DIVERSITY.sameModel, BOARD_DIVERSITY.sameSalesperson, BOARD_DIVERSITY.sameWording];
  const pool = items.map((item) => ({
    item,
    parts: scoreParts(item),
    alike: [item.vehicleModelId ?? '', item.salespersonId ?? '', wordingOf(item.text)],
  }));
  const out: RankedCandidate<T>[] = [];
  // per dimension: how many picked entries share each value
  const picks = weights.map(() => new Map<string, number>());
  while (pool.length) {
    let best = -1;
    let bestScore = -Infinity;
    let bestPenalty = 0;
    for (let i = 0; i < pool.length; i++) {
      const c = pool[i]!;
      const penalty = weights.reduce((sum, w, d) => sum + w * (c.alike[d] ? (picks[d]!.get(c.alike[d]!) ?? 0) : 0), 0);
      const score = c.parts.base - penalty;
      const b = pool[best];
      const better =
        best < 0 ||
        score > bestScore + 1e-12 ||
        (Math.abs(score - bestScore) <= 1e-12 &&
          (c.parts.base > b!.parts.base + 1e-12 ||
            (Math.abs(c.parts.base - b!.parts.base) <= 1e-12 &&
              (c.item.date > b!.item.date || (c.item.date === b!.item.date && c.item.id < b!.item.id)))));
      if (better) {
        best = i;
        bestScore = score;
        bestPenalty = penalty;
      }
    }
    const [picked] = pool.splice(best, 1);
    out.push({ item: picked!.item, rank: out.length + 1, parts: picked!.parts, diversityPenalty: bestPenalty, score: bestScore });
    picked!.alike.forEach((value, d) => {
      if (value) picks[d]!.set(value, (picks[d]!.get(value) ?? 0) + 1);
    });
  }
  return out;
}
