import { describe, expect, it } from 'vitest';
import { rankForBoard, scoreParts, substanceOf } from '../server/services/routines/board-score.js';
import { addMonths, isoWeekOf, parseIsoWeek, todayInDealerZone } from '../server/services/routines/dates.js';
import { normaliseVin } from '../server/services/routines/sales.service.js';
import { renderBoardPoster } from '../server/http/board-print.js';

describe('routines: calendar helpers', () => {
  it('reads ISO weeks as Monday..Sunday, including 53-week years and year boundaries', () => {
    // known calendar facts
    expect(parseIsoWeek('week', '2026-W01')).toEqual({ week: '2026-W01', start: '2025-12-29', end: '2026-01-04' });
    expect(parseIsoWeek('week', '2026-W48')).toEqual({ week: '2026-W48', start: '2026-11-23', end: '2026-11-29' });
    expect(parseIsoWeek('week', '2026-W53').start).toBe('2026-12-28');
    expect(parseIsoWeek('week', '2020-W53')).toEqual({ week: '2020-W53', start: '2020-12-28', end: '2021-01-03' });
    expect(isoWeekOf('2021-01-03').week).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30').week).toBe('2025-W01');
    expect(isoWeekOf('2026-11-29').week).toBe('2026-W48');
  });

  it('refuses malformed weeks and weeks a year does not have, naming the argument', () => {
    for (const bad of ['2026-48', '2026-W00', '2025-W53', 'W48', '2026-W4', "2026-W48' OR 1=1"]) {
      expect(() => parseIsoWeek('week', bad)).toThrowError(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'week' }));
    }
  });

  it('adds calendar months clamped to the end of the month', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-15', -30)).toBe('2023-07-15');
    expect(addMonths('2025-12-31', 2)).toBe('2026-02-28');
  });

  it("reads today on China time, whatever the server's zone", () => {
    // 2026-01-01 17:30 UTC is already 2 January in Shanghai
    expect(todayInDealerZone(new Date('2026-01-01T17:30:00Z'))).toBe('2026-01-02');
    expect(todayInDealerZone(new Date('2026-01-01T15:30:00Z'))).toBe('2026-01-01');
  });

  it('accepts VINs of 17 allowed characters only', () => {
    expect(normaliseVin(' lsvaa4182e2 184047 ')).toBe('LSVAA4182E2184047');
    for (const bad of ['LSVAA4182E218404', 'LSVAA4182E21840477', 'LSVAI4182E2184047', 'LSVAO4182E2184047', 'LSVAQ4182E2184047']) {
      expect(() => normaliseVin(bad)).toThrowError(expect.objectContaining({ field: 'vin' }));
    }
  });
});

describe('routines: board score', () => {
  const base = { vehicleModelId: null, salespersonId: null };

  it('values substance: length up to 80 characters, and penalises repetition', () => {
    expect(substanceOf('')).toBe(0);
    expect(substanceOf('好好好好好好好好好好')).toBeCloseTo((10 / 80) * (1 / 10 / 0.5));
    const long = '提车一个月，油耗比预想的低，销售顾问小李帮我办好了上牌，还给了去海南自驾的路线图。售后保养预约也很方便，家里人都说这车坐着舒服，孩子最喜欢后排的空间和天窗，周末出去玩方便多了。';
    expect(substanceOf(long)).toBe(1);
  });

  it('weights rating, substance and recency 0.45 / 0.35 / 0.20', () => {
    const p = scoreParts({ ...base, id: 'a', text: '好'.repeat(0) + '很满意这台车的驾驶感受', rating: 4, date: '2026-11-26' });
    const expectedSubstance = Math.min(1, 11 / 80) * Math.min(1, new Set([...'很满意这台车的驾驶感受']).size / 11 / 0.5);
    expect(p.rating).toBeCloseTo(0.75);
    expect(p.recency).toBeCloseTo(3 / 6); // Thursday
    expect(p.substance).toBeCloseTo(expectedSubstance);
    expect(p.base).toBeCloseTo(0.45 * 0.75 + 0.35 * expectedSubstance + 0.2 * 0.5);
  });

  it('re-ranks greedily for variety of models and salespeople', () => {
    // same length and character variety, so the same substance, but different wording
    const items = [
      { id: 'a', text: '这台车开起来很稳，空间大，油耗低，服务周到，推荐给朋友们。', rating: 5, date: '2026-11-29', vehicleModelId: 'm1', salespersonId: 's1' },
      { id: 'b', text: '这台车开起来很稳，空间大，油耗低，服务周到，推荐给同事们。', rating: 5, date: '2026-11-28', vehicleModelId: 'm1', salespersonId: 's1' },
      { id: 'c', text: '这台车开起来很稳，空间大，油耗低，服务周到，推荐给家人们。', rating: 5, date: '2026-11-27', vehicleModelId: 'm2', salespersonId: 's2' },
    ];
    expect(new Set(items.map((i) => scoreParts(i).substance)).size).toBe(1);
    const ranked = rankForBoard(items);
    // b beats c on recency alone (1/6 × 0.2 ≈ 0.033) but repeats a's model and salesperson (−0.18)
    expect(ranked.map((r) => r.item.id)).toEqual(['a', 'c', 'b']);
    expect(ranked[2]!.diversityPenalty).toBeCloseTo(0.1 * 1 + 0.08 * 1 + 0); // after a (m1,s1) and c (m2,s2)
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it('puts a repeat of a picked wording below every distinct text, whatever spaces, punctuation or case differ', () => {
    const items = [
      { id: 'a', text: '朋友介绍来的，钱顾问帮忙办好了上牌，省了不少事，服务没得说。', rating: 5, date: '2026-11-29', vehicleModelId: 'm1', salespersonId: 's1' },
      // the same words as a, punctuated and spaced otherwise: five stars, newer than c
      { id: 'b', text: '朋友介绍来的 钱顾问帮忙办好了上牌!省了不少事……服务没得说', rating: 5, date: '2026-11-28', vehicleModelId: 'm2', salespersonId: 's2' },
      { id: 'c', text: '还行，交车有点慢。', rating: 3, date: '2026-11-23', vehicleModelId: 'm1', salespersonId: 's1' },
      { id: 'd', text: 'Great CAR, great service', rating: 4, date: '2026-11-24', vehicleModelId: 'm3', salespersonId: 's3' },
      { id: 'e', text: 'great car great service!', rating: 5, date: '2026-11-29', vehicleModelId: 'm4', salespersonId: 's4' },
    ];
    const ranked = rankForBoard(items);
    const byId = new Map(ranked.map((r) => [r.item.id, r]));
    // without the wording rule b would come before c: its base beats c's by far
    expect(scoreParts(items[1]!).base - scoreParts(items[2]!).base).toBeGreaterThan(0.3);
    expect(ranked.map((r) => r.item.id)).toEqual(['a', 'e', 'c', 'b', 'd']);
    expect(byId.get('b')!.diversityPenalty).toBeCloseTo(1);
    expect(byId.get('d')!.diversityPenalty).toBeCloseTo(1);
    expect(byId.get('c')!.diversityPenalty).toBeCloseTo(0.1 + 0.08); // a's model and salesperson
  });
});

describe('routines: A3 poster', () => {
  it('escapes text, states the disclaimer and the count, and leaves withdrawn entries out', () => {
    const html = renderBoardPoster({
      id: 'b1',
      week: '2026-W48',
      weekStart: '2026-11-23',
      weekEnd: '2026-11-29',
      dealershipId: 'd1',
      dealershipName: '圈子汽车 4S 店',
      publishedAt: '2026-11-30T02:00:00.000Z',
      publishedBy: 'u1',
      publishedByName: 'mgr',
      publishedReviewCount: 23,
      disclaimer: '精选评价，非全部评价 / A curated selection, not all reviews',
      withdrawnCount: 1,
      entries: [
        { id: 'e1', rank: 1, testimonialId: 't1', authorName: '王芳', text: '<script>alert(1)</script>很好', rating: 5, date: '2026-11-25', brand: '比亚迪', model: '汉', salespersonName: null, withdrawn: false, withdrawnReason: null },
        { id: 'e2', rank: 2, testimonialId: 't2', authorName: null, text: null, rating: 4, date: '2026-11-26', brand: null, model: null, salespersonName: null, withdrawn: true, withdrawnReason: 'WITHDRAWN' },
      ],
    });
    expect(html).toContain('size: A3 portrait');
    expect(html).toContain('精选评价，非全部评价');
    expect(html).toContain('2026年第48周（11月23日—11月29日）');
    expect(html).toContain('本周共收到 23 条公开评价，此处精选展示 1 条');
    expect(html).toContain('另有 1 条评价已由车主撤回');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html.match(/class="entry"/g)).toHaveLength(1);
  });
});
