import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPrintTicket } from '../server/auth/jwt.js';
import { createUserStatusCache } from '../server/auth/user-status.js';
import { mountBoardPrint } from '../server/http/board-print.js';
import { addDays, isoWeekOf, todayInDealerZone, type IsoWeek } from '../server/services/routines/dates.js';
import { startTestApi, tokenFor, uid, type GqlResult, type TestApi } from './support/test-api.js';

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;

interface Row {
  key: string;
  name: string;
  day: number;
  rating: number;
  text: string;
  model: 'm1' | 'm2' | 'm3';
  sp: 'sp1' | 'sp2';
  status?: string;
  publish?: boolean;
  share?: boolean;
  erased?: boolean;
  other?: boolean;
  week?: IsoWeek;
}

/**
 * The documented board score, written out again here as the reference the service is checked against:
 * base = 0.45·(rating−1)/4 + 0.35·min(1, n/80)·min(1, distinct/n/0.5) + 0.20·(weekday−1)/6, then greedy picks
 * maximising base − 0.10·(same model picked) − 0.08·(same salesperson picked) − 1·(same wording picked: the text
 * without spaces, punctuation and symbols, lower case); ties: base, newer date, id.
 */
function referenceOrder(rows: { id: string; text: string; rating: number; date: string; model: string; sp: string }[]): string[] {
  const base = (r: (typeof rows)[number]) => {
    const chars = [...r.text.replace(/\s+/g, '')];
    const substance = chars.length ? Math.min(1, chars.length / 80) * Math.min(1, new Set(chars).size / chars.length / 0.5) : 0;
    const weekday = ((new Date(`${r.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    return 0.45 * ((r.rating - 1) / 4) + 0.35 * substance + 0.2 * ((weekday - 1) / 6);
  };
  const left = rows.map((r) => ({ r, b: base(r) }));
  const out: string[] = [];
  const models: Record<string, number> = {};
  const sps: Record<string, number> = {};
  const wordings: Record<string, number> = {};
  const wording = (t: string) => t.replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
  while (left.length) {
    const scored = left.map((x) => ({
      ...x,
      s: x.b - 0.1 * (models[x.r.model] ?? 0) - 0.08 * (sps[x.r.sp] ?? 0) - (wording(x.r.text) === '' ? 0 : (wordings[wording(x.r.text)] ?? 0)),
    }));
    scored.sort((a, b) => b.s - a.s || b.b - a.b || b.r.date.localeCompare(a.r.date) || a.r.id.localeCompare(b.r.id));
    const pick = scored[0]!;
    out.push(pick.r.id);
    models[pick.r.model] = (models[pick.r.model] ?? 0) + 1;
    sps[pick.r.sp] = (sps[pick.r.sp] ?? 0) + 1;
    if (wording(pick.r.text) !== '') wordings[wording(pick.r.text)] = (wordings[wording(pick.r.text)] ?? 0) + 1;
    left.splice(left.findIndex((x) => x.r.id === pick.r.id), 1);
  }
  return out;
}

const CANDIDATES = `query ($week: String, $first: Int, $d: ID) {
  boardCandidates(week: $week, first: $first, dealershipId: $d) {
    week weekStart weekEnd dealershipId publishedReviewCount eligibleCount disclaimer
    candidates { testimonialId rank score authorName text rating date brand model salespersonName consentToBeCalled parts { rating substance recency base } diversityPenalty }
  }
}`;
const PUBLISH = `mutation ($week: String!, $ids: [ID!]!, $d: ID) {
  publishBoard(week: $week, testimonialIds: $ids, dealershipId: $d) {
    created
    board { id week weekStart weekEnd dealershipId dealershipName publishedReviewCount publishedByName disclaimer withdrawnCount
            entries { rank testimonialId authorName text rating date brand model salespersonName withdrawn withdrawnReason } }
  }
}`;
const BOARDS = `query ($first: Int, $d: ID) {
  boards(first: $first, dealershipId: $d) { id week withdrawnCount disclaimer publishedReviewCount
    entries { rank testimonialId authorName text withdrawn withdrawnReason } }
}`;
const SET_STATUS = `mutation ($id: ID!, $status: TestimonialStatus!) { setTestimonialStatus(id: $id, status: $status) { id status } }`;

interface BoardOut {
  id: string;
  week: string;
  withdrawnCount: number;
  disclaimer: string;
  publishedReviewCount: number;
  entries: { rank: number; testimonialId: string; authorName: string | null; text: string | null; withdrawn: boolean; withdrawnReason: string | null }[];
}

describe('routines: the weekly testimonial board', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  const today = todayInDealerZone();
  const week = isoWeekOf(addDays(today, -14));
  const prevWeek = isoWeekOf(addDays(today, -21));
  const dayOf = (w: IsoWeek, day: number) => addDays(w.start, day);

  async function boardStore() {
    const t = uid('bd');
    const d = `${t}-d`;
    await api.cypher(
      `CREATE (:Dealership {id: $d, name: '圈子汽车城南店'})
       CREATE (:User {id: $t + '-sp1', username: $t + '-sp1', displayName: '李销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       CREATE (:User {id: $t + '-sp2', username: $t + '-sp2', displayName: '赵销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       CREATE (:User {id: $t + '-manager', username: $t + '-manager', displayName: '王店长', role: 'MANAGER', dealershipId: $d, disabled: false})
       CREATE (:VehicleModel {id: $t + '-m1', brand: '比亚迪', model: '汉'})
       CREATE (:VehicleModel {id: $t + '-m2', brand: '比亚迪', model: '宋PLUS'})
       CREATE (:VehicleModel {id: $t + '-m3', brand: '吉利', model: '星越L'})`,
      { t, d },
    );
    const tok = (role: 'salesperson' | 'manager' | 'marketing' | 'analyst' | 'admin', dealershipId: string | null = d) =>
      tokenFor(api.config, { role, dealershipId, sub: `${t}-${role}`, username: `${t}-${role}` });
    return {
      t,
      d,
      sp: await tokenFor(api.config, { role: 'salesperson', dealershipId: d, sub: `${t}-sp1` }),
      mgr: await tok('manager'),
      marketing: await tok('marketing', null),
      analyst: await tok('analyst', null),
      admin: await tok('admin', null),
      otherMgr: await tokenFor(api.config, { role: 'manager', dealershipId: `${t}-elsewhere`, sub: `${t}-other-manager`, username: `${t}-other-manager` }),
      id: (key: string) => `${t}-${key}`,
    };
  }

  async function addTestimonials(s: Awaited<ReturnType<typeof boardStore>>, rows: Row[]) {
    await api.cypher(
      `UNWIND $rows AS r
       CREATE (a:Person {id: $t + '-a-' + r.key, name: r.name, kind: 'BUYER', shareConsent: r.share, contactConsent: true,
                         dealershipId: $d, erasedAt: CASE WHEN r.erased THEN datetime() ELSE null END})
       CREATE (s:Sale {id: $t + '-s-' + r.key, price: 200000.0, date: date(r.date) - duration({days: 10}),
                       dealershipId: r.dealer, salespersonId: $t + '-' + r.sp})
       CREATE (a)-[:BOUGHT]->(s)
       WITH r, a, s
       MATCH (m:VehicleModel {id: $t + '-' + r.model})
       CREATE (s)-[:OF_MODEL]->(m)
       CREATE (x:Testimonial {id: $t + '-' + r.key, text: r.text, rating: toInteger(r.rating), date: date(r.date),
                              consentToPublish: r.publish, consentToBeCalled: true, status: r.status, dealershipId: r.dealer})
       CREATE (a)-[:WROTE]->(x), (x)-[:ABOUT]->(s)`,
      {
        t: s.t,
        d: s.d,
        rows: rows.map((r) => ({
          key: r.key,
          name: r.name,
          date: dayOf(r.week ?? week, r.day),
          rating: r.rating,
          text: r.text,
          model: r.model,
          sp: r.sp,
          status: r.status ?? 'PUBLISHED',
          publish: r.publish ?? true,
          share: r.share ?? true,
          erased: r.erased ?? false,
          dealer: r.other ? `${s.t}-elsewhere` : s.d,
        })),
      },
    );
  }

  const TEXTS = [
    '提车一个月，油耗比预想的低，销售顾问帮我办好了上牌，还给了去海南自驾的路线图，服务很贴心。',
    '车很好。',
    '空间大，孩子坐后排很舒服，周末带全家出去玩方便多了，保养预约也很快。',
    '好好好好好好好好好好好好',
    '试驾时销售讲得很清楚，没有乱推销，价格透明，交车仪式也很用心，推荐给同事了。',
    '续航扎实，冬天开暖风也够用，充电桩安装师傅上门很准时。',
    '整体满意，就是交车等了两周。',
    '隔音比我原来那台好太多，高速上聊天不用提高嗓门，老婆也很喜欢。',
    '第二台车还在这家买，老朋友了，信得过。',
    '售后小哥很耐心，手把手教我用车机和手机互联。',
  ];
  const eligibleRows = (): Row[] =>
    TEXTS.map((text, i) => ({
      key: `e${i + 1}`,
      name: ['王芳', '刘洋', '陈静', '杨帆', '黄磊', '周婷', '吴昊', '徐丽', '孙涛', '马超'][i]!,
      day: i % 7,
      rating: [5, 5, 4, 5, 5, 4, 3, 5, 4, 5][i]!,
      text,
      model: (['m1', 'm1', 'm2', 'm1', 'm3', 'm1', 'm2', 'm1', 'm3', 'm2'] as const)[i]!,
      sp: (['sp1', 'sp1', 'sp2', 'sp1', 'sp1', 'sp2', 'sp1', 'sp1', 'sp2', 'sp1'] as const)[i]!,
    }));
  const ineligibleRows = (): Row[] => [
    { key: 'draft', name: '草稿', day: 2, rating: 5, text: '还没发布的评价，内容很长很长的好评。', model: 'm1', sp: 'sp1', status: 'DRAFT' },
    { key: 'withdrawn', name: '撤回', day: 2, rating: 5, text: '已经撤回的评价，写得很好也不能用。', model: 'm1', sp: 'sp1', status: 'WITHDRAWN' },
    { key: 'nopub', name: '不公开', day: 3, rating: 5, text: '没有同意公开的评价，不能上墙。', model: 'm2', sp: 'sp2', publish: false },
    { key: 'noshare', name: '不署名', day: 3, rating: 5, text: '作者不同意显示真实姓名。', model: 'm2', sp: 'sp2', share: false },
    { key: 'erased', name: '已删除', day: 4, rating: 5, text: '作者的个人信息已删除。', model: 'm3', sp: 'sp1', erased: true },
    { key: 'lastweek', name: '上周', day: 4, rating: 5, text: '上周的评价，不在本周候选里。', model: 'm3', sp: 'sp1', week: prevWeek },
    { key: 'otherstore', name: '别店', day: 4, rating: 5, text: '别的门店的评价。', model: 'm3', sp: 'sp1', other: true },
  ];

  const expectedOrder = (s: { id: (k: string) => string }, rows: Row[]) =>
    referenceOrder(rows.map((r) => ({ id: s.id(r.key), text: r.text, rating: r.rating, date: dayOf(r.week ?? week, r.day), model: r.model, sp: r.sp })));

  it('offers the published, consented, named testimonials of the week, best first by the documented score', async () => {
    const s = await boardStore();
    const good = eligibleRows();
    await addTestimonials(s, [...good, ...ineligibleRows()]);
    const res = await api.gql<{ boardCandidates: { week: string; weekStart: string; weekEnd: string; dealershipId: string; publishedReviewCount: number; eligibleCount: number; disclaimer: string; candidates: { testimonialId: string; rank: number; authorName: string; brand: string; model: string; salespersonName: string; parts: { base: number }; score: number }[] } }>(
      CANDIDATES,
      { week: week.week },
      s.sp,
    );
    expect(res.errors).toBeUndefined();
    const out = res.data!.boardCandidates;
    expect(out).toMatchObject({ week: week.week, weekStart: week.start, weekEnd: week.end, dealershipId: s.d, eligibleCount: 10 });
    // every published review of the week counts, consented or not: 10 eligible + nopub + noshare + erased
    expect(out.publishedReviewCount).toBe(13);
    expect(out.disclaimer).toBe('精选评价，非全部评价 / A curated selection, not all reviews');
    expect(out.candidates.map((c) => c.testimonialId)).toEqual(expectedOrder(s, good));
    expect(out.candidates.map((c) => c.rank)).toEqual(good.map((_, i) => i + 1));
    const first = out.candidates[0]!;
    const src = good.find((r) => s.id(r.key) === first.testimonialId)!;
    expect(first).toMatchObject({ authorName: src.name, salespersonName: src.sp === 'sp1' ? '李销售' : '赵销售' });
    // the repetitive one never outranks a substantial five-star comment
    const ids = out.candidates.map((c) => c.testimonialId);
    expect(ids.indexOf(s.id('e4'))).toBeGreaterThan(ids.indexOf(s.id('e1')));

    const top3 = await api.gql<{ boardCandidates: { candidates: { testimonialId: string }[] } }>(CANDIDATES, { week: week.week, first: 3 }, s.mgr);
    expect(top3.data!.boardCandidates.candidates.map((c) => c.testimonialId)).toEqual(expectedOrder(s, good).slice(0, 3));
    // group-wide roles name the store; store staff may not look at another store
    expect(field(await api.gql(CANDIDATES, { week: week.week }, s.analyst))).toBe('dealershipId');
    const asAnalyst = await api.gql<{ boardCandidates: { eligibleCount: number } }>(CANDIDATES, { week: week.week, d: s.d }, s.analyst);
    expect(asAnalyst.data!.boardCandidates.eligibleCount).toBe(10);
    expect(code(await api.gql(CANDIDATES, { week: week.week, d: s.d }, s.otherMgr))).toBe('FORBIDDEN');
    for (const bad of ['2026-48', '2026-W60', 'x']) {
      const r = await api.gql(CANDIDATES, { week: bad }, s.sp);
      expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', 'week']);
    }
  });

  it('publishes 7 or 8 eligible entries only, by managers, marketing and admins; keeps the board as published', async () => {
    const s = await boardStore();
    const good = eligibleRows();
    await addTestimonials(s, [...good, ...ineligibleRows()]);
    const order = expectedOrder(s, good);
    const boardsOf = async () => (await api.cypher<{ n: number }>('MATCH (b:Board {dealershipId: $d}) RETURN count(b) AS n', { d: s.d }))[0]!.n;

    const refused: [string[], string][] = [
      [order.slice(0, 6), 'testimonialIds'],
      [order.slice(0, 9), 'testimonialIds'],
      [[...order.slice(0, 6), order[0]!], 'testimonialIds'],
      ...['draft', 'withdrawn', 'nopub', 'noshare', 'erased', 'lastweek', 'otherstore'].map(
        (k) => [[...order.slice(0, 7), s.id(k)], 'testimonialIds'] as [string[], string],
      ),
    ];
    for (const [ids, f] of refused) {
      const r = await api.gql(PUBLISH, { week: week.week, ids }, s.mgr);
      expect([code(r), field(r)]).toEqual(['BAD_USER_INPUT', f]);
    }
    const noShare = await api.gql(PUBLISH, { week: week.week, ids: [...order.slice(0, 7), s.id('noshare')] }, s.mgr);
    expect(noShare.errors![0]!.message).toContain(`${s.id('noshare')} (the author did not consent to be named)`);
    for (const token of [s.sp, s.analyst, s.otherMgr]) {
      expect(code(await api.gql(PUBLISH, { week: week.week, ids: order.slice(0, 8), d: s.d }, token))).toBe('FORBIDDEN');
    }
    expect(await boardsOf()).toBe(0);

    const chosen = order.slice(0, 8);
    // sent at once from two tablets, the board is still published once
    const burst = await Promise.all(
      [1, 2, 3].map(() => api.gql<{ publishBoard: { created: boolean; board: Omit<BoardOut, 'entries'> & { dealershipId: string; dealershipName: string; weekStart: string; entries: { rank: number; testimonialId: string; authorName: string; text: string; rating: number; withdrawn: boolean }[] } } }>(PUBLISH, { week: week.week, ids: chosen }, s.mgr)),
    );
    expect(burst.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(burst.filter((r) => r.data!.publishBoard.created)).toHaveLength(1);
    expect(new Set(burst.map((r) => r.data!.publishBoard.board.id)).size).toBe(1);
    expect(await boardsOf()).toBe(1);
    const res = burst.find((r) => r.data!.publishBoard.created)!;
    expect(res.errors).toBeUndefined();
    const { created, board } = res.data!.publishBoard;
    expect(created).toBe(true);
    // the manager by the name the store knows, not the login
    expect(board).toMatchObject({ week: week.week, weekStart: week.start, dealershipId: s.d, dealershipName: '圈子汽车城南店', publishedReviewCount: 13, publishedByName: '王店长', withdrawnCount: 0 });
    expect(board.disclaimer).toBe('精选评价，非全部评价 / A curated selection, not all reviews');
    const byId = new Map(good.map((r) => [s.id(r.key), r]));
    expect(board.entries.map((e) => [e.rank, e.testimonialId, e.authorName, e.text, e.rating, e.withdrawn])).toEqual(
      chosen.map((id, i) => [i + 1, id, byId.get(id)!.name, byId.get(id)!.text, byId.get(id)!.rating, false]),
    );
    const [row] = await api.cypher<{ week: string; count: number; by: string; byName: string; entries: { rank: number; quotes: string; name: string }[]; audits: number }>(
      `MATCH (b:Board {id: $id})
       CALL (b) { MATCH (b)-[:HAS_ENTRY]->(e:BoardEntry)-[:QUOTES]->(t:Testimonial) WITH e, t ORDER BY e.rank
                  RETURN collect({rank: e.rank, quotes: t.id, name: e.authorName}) AS entries }
       RETURN b.week AS week, b.publishedReviewCount AS count, b.publishedBy AS by, b.publishedByName AS byName, entries,
              COUNT { (a:AuditEntry {targetId: b.id, operation: 'publishBoard'}) } AS audits`,
      { id: board.id },
    );
    expect(row).toEqual({ week: week.week, count: 13, by: `${s.t}-manager`, byName: '王店长', entries: chosen.map((id, i) => ({ rank: i + 1, quotes: id, name: byId.get(id)!.name })), audits: 1 });

    // the same board again is the kept one; a different selection for the week is refused
    const again = await api.gql<{ publishBoard: { created: boolean; board: { id: string } } }>(PUBLISH, { week: week.week, ids: chosen }, s.mgr);
    expect(again.data!.publishBoard).toMatchObject({ created: false, board: { id: board.id } });
    const other = await api.gql(PUBLISH, { week: week.week, ids: order.slice(1, 9) }, s.mgr);
    expect([code(other), field(other)]).toEqual(['CONFLICT', 'week']);
    expect(await boardsOf()).toBe(1);

    // marketing publishes last week's board of 7 for the store; boards lists newest week first
    const lastWeekRows: Row[] = Array.from({ length: 7 }, (_, i) => ({
      key: `p${i}`,
      name: `老客户${i}`,
      day: i,
      rating: 5,
      text: `上周的真实好评第${i}条，服务细致，车况很好。`,
      model: 'm1',
      sp: 'sp1',
      week: prevWeek,
    }));
    await addTestimonials(s, lastWeekRows);
    const prev = await api.gql<{ publishBoard: { board: { id: string; entries: unknown[]; publishedReviewCount: number } } }>(
      PUBLISH,
      { week: prevWeek.week, ids: lastWeekRows.map((r) => s.id(r.key)), d: s.d },
      s.marketing,
    );
    expect(prev.errors).toBeUndefined();
    expect(prev.data!.publishBoard.board.entries).toHaveLength(7);
    expect(prev.data!.publishBoard.board.publishedReviewCount).toBe(8); // the 7 and 'lastweek'
    const list = await api.gql<{ boards: BoardOut[] }>(BOARDS, { first: 10 }, s.sp);
    expect(list.data!.boards.map((b) => b.week)).toEqual([week.week, prevWeek.week]);
    expect(list.data!.boards.every((b) => b.disclaimer.startsWith('精选评价，非全部评价'))).toBe(true);
    expect((await api.gql<{ boards: BoardOut[] }>(BOARDS, { first: 1 }, s.sp)).data!.boards.map((b) => b.week)).toEqual([week.week]);
    // another store sees none of it
    expect((await api.gql<{ boards: BoardOut[] }>(BOARDS, { first: 50 }, s.otherMgr)).data!.boards.filter((b) => b.id === board.id)).toEqual([]);
    expect((await api.gql<{ board: unknown }>(`query ($id: ID!) { board(id: $id) { id } }`, { id: board.id }, s.otherMgr)).data!.board).toBeNull();
    expect(code(await api.gql(BOARDS, { first: 0 }, s.sp))).toBe('BAD_USER_INPUT');
  });

  it('flags withdrawn testimonials on old boards and keeps them off new ones', async () => {
    const s = await boardStore();
    const lastWeek: Row[] = Array.from({ length: 8 }, (_, i) => ({
      key: `o${i}`,
      name: `车主${i}`,
      day: i % 7,
      rating: 5,
      text: `上周买的车很满意，第${i}位车主的真实评价。`,
      model: (['m1', 'm2', 'm3'] as const)[i % 3]!,
      sp: 'sp1',
      week: prevWeek,
    }));
    const thisWeek = eligibleRows();
    await addTestimonials(s, [...lastWeek, ...thisWeek]);
    const old = await api.gql<{ publishBoard: { board: { id: string } } }>(PUBLISH, { week: prevWeek.week, ids: lastWeek.map((r) => s.id(r.key)) }, s.mgr);
    expect(old.errors).toBeUndefined();

    // the customer withdraws o3 (any store staff may record that); o5 later revokes consent to be named
    const w = await api.gql<{ setTestimonialStatus: { id: string; status: string } }>(SET_STATUS, { id: s.id('o3'), status: 'WITHDRAWN' }, s.sp);
    expect(w.data!.setTestimonialStatus).toEqual({ id: s.id('o3'), status: 'WITHDRAWN' });
    await api.cypher(`MATCH (a:Person {id: $id}) SET a.shareConsent = false`, { id: `${s.t}-a-o5` });
    const [st] = await api.cypher<{ status: string; audits: number }>(
      `MATCH (t:Testimonial {id: $id}) RETURN t.status AS status, COUNT { (a:AuditEntry {targetId: $id, operation: 'setTestimonialStatus'}) } AS audits`,
      { id: s.id('o3') },
    );
    expect(st).toEqual({ status: 'WITHDRAWN', audits: 1 });

    const list = await api.gql<{ boards: BoardOut[] }>(BOARDS, {}, s.sp);
    const kept = list.data!.boards.find((b) => b.id === old.data!.publishBoard.board.id)!;
    expect(kept.withdrawnCount).toBe(2);
    expect(kept.entries.map((e) => [e.testimonialId, e.withdrawn, e.withdrawnReason])).toEqual(
      lastWeek.map((r) => [s.id(r.key), r.key === 'o3' || r.key === 'o5', r.key === 'o3' ? 'WITHDRAWN' : r.key === 'o5' ? 'CONSENT_REVOKED' : null]),
    );
    const gone = kept.entries.find((e) => e.testimonialId === s.id('o3'))!;
    expect([gone.authorName, gone.text]).toEqual([null, null]);
    expect(kept.entries.find((e) => e.testimonialId === s.id('o0'))!.authorName).toBe('车主0');

    // this week: e1 is withdrawn before any board, so it is neither a candidate nor publishable
    await api.gql(SET_STATUS, { id: s.id('e1'), status: 'WITHDRAWN' }, s.mgr);
    const cands = await api.gql<{ boardCandidates: { eligibleCount: number; candidates: { testimonialId: string }[] } }>(CANDIDATES, { week: week.week }, s.mgr);
    expect(cands.data!.boardCandidates.eligibleCount).toBe(9);
    expect(cands.data!.boardCandidates.candidates.map((c) => c.testimonialId)).not.toContain(s.id('e1'));
    const withWithdrawn = await api.gql(PUBLISH, { week: week.week, ids: thisWeek.slice(0, 8).map((r) => s.id(r.key)) }, s.mgr);
    expect([code(withWithdrawn), field(withWithdrawn)]).toEqual(['BAD_USER_INPUT', 'testimonialIds']);
    expect(withWithdrawn.errors![0]!.message).toContain(`${s.id('e1')} (it is withdrawn, not published)`);
    const fresh = await api.gql<{ publishBoard: { board: BoardOut } }>(PUBLISH, { week: week.week, ids: thisWeek.slice(1, 9).map((r) => s.id(r.key)) }, s.mgr);
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data!.publishBoard.board.entries.every((e) => !e.withdrawn)).toBe(true);
  });

  it('publishes drafts with consent (managers), withdraws for good, and scopes status changes', async () => {
    const s = await boardStore();
    await addTestimonials(s, [
      { key: 'd1', name: '草稿一', day: 1, rating: 5, text: '回访时客户同意公开的评价。', model: 'm1', sp: 'sp1', status: 'DRAFT' },
      { key: 'd2', name: '草稿二', day: 1, rating: 4, text: '客户没有同意公开。', model: 'm1', sp: 'sp1', status: 'DRAFT', publish: false },
    ]);
    expect(code(await api.gql(SET_STATUS, { id: s.id('d1'), status: 'PUBLISHED' }, s.sp))).toBe('FORBIDDEN');
    expect(code(await api.gql(SET_STATUS, { id: s.id('d1'), status: 'PUBLISHED' }, s.marketing))).toBe('FORBIDDEN');
    expect(code(await api.gql(SET_STATUS, { id: s.id('d1'), status: 'WITHDRAWN' }, s.otherMgr))).toBe('NOT_FOUND');
    expect(code(await api.gql(SET_STATUS, { id: s.id('d1'), status: 'DRAFT' }, s.mgr))).toBe('BAD_USER_INPUT');
    const noConsent = await api.gql(SET_STATUS, { id: s.id('d2'), status: 'PUBLISHED' }, s.mgr);
    expect([code(noConsent), field(noConsent)]).toEqual(['BAD_USER_INPUT', 'status']);
    const pub = await api.gql<{ setTestimonialStatus: { status: string } }>(SET_STATUS, { id: s.id('d1'), status: 'PUBLISHED' }, s.mgr);
    expect(pub.data!.setTestimonialStatus.status).toBe('PUBLISHED');
    expect((await api.gql(SET_STATUS, { id: s.id('d1'), status: 'WITHDRAWN' }, s.sp)).errors).toBeUndefined();
    const back = await api.gql(SET_STATUS, { id: s.id('d1'), status: 'PUBLISHED' }, s.admin);
    expect([code(back), field(back)]).toEqual(['CONFLICT', 'status']);
    const rows = await api.cypher<{ id: string; status: string }>(
      'MATCH (t:Testimonial) WHERE t.id IN $ids RETURN t.id AS id, t.status AS status ORDER BY id',
      { ids: [s.id('d1'), s.id('d2')] },
    );
    expect(rows).toEqual([{ id: s.id('d1'), status: 'WITHDRAWN' }, { id: s.id('d2'), status: 'DRAFT' }]);
  });

  describe('print view', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const app = express();
      mountBoardPrint(app, { config: api.config, driver: api.driver, userStatus: createUserStatusCache(api.db, { ttlMs: 0 }) });
      server = await new Promise<Server>((resolve) => {
        const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('serves the board as a Chinese A3 poster to those who may read it, withdrawn entries left out', async () => {
      const s = await boardStore();
      const rows = eligibleRows().slice(0, 8);
      await addTestimonials(s, rows);
      const pub = await api.gql<{ publishBoard: { board: { id: string } } }>(PUBLISH, { week: week.week, ids: rows.map((r) => s.id(r.key)) }, s.mgr);
      const id = pub.data!.publishBoard.board.id;
      await api.gql(SET_STATUS, { id: s.id('e2'), status: 'WITHDRAWN' }, s.mgr);

      const res = await fetch(`${base}/boards/${id}/print`, { headers: { authorization: `Bearer ${s.sp}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toMatch(/@page\s*\{\s*size:\s*A3/);
      expect(html).toContain('精选评价，非全部评价');
      expect(html).toContain('本周共收到 8 条公开评价，此处精选展示 7 条');
      expect(html).toContain('另有 1 条评价已由车主撤回');
      for (const r of rows.filter((x) => x.key !== 'e2')) expect(html).toContain(r.name);
      expect(html).not.toContain(rows[1]!.text);
      expect(html).not.toContain(rows[1]!.name);

      expect((await fetch(`${base}/boards/${id}/print`)).status).toBe(401);
      const outsider = await fetch(`${base}/boards/${id}/print`, { headers: { authorization: `Bearer ${s.otherMgr}` } });
      expect(outsider.status).toBe(404);
      expect(await outsider.text()).not.toContain(rows[0]!.name);
      expect((await fetch(`${base}/boards/${s.t}-nope/print`, { headers: { authorization: `Bearer ${s.sp}` } })).status).toBe(404);
    });

    it('opens in a browser tab with a ticket for that board only, never with the sign-in token in the address', async () => {
      const s = await boardStore();
      const rows = eligibleRows().slice(0, 8);
      await addTestimonials(s, rows);
      const pub = await api.gql<{ publishBoard: { board: { id: string; printUrl: string } } }>(
        `mutation ($week: String!, $ids: [ID!]!) { publishBoard(week: $week, testimonialIds: $ids) { board { id printUrl } } }`,
        { week: week.week, ids: rows.map((r) => s.id(r.key)) },
        s.mgr,
      );
      expect(pub.errors).toBeUndefined();
      const { id, printUrl } = pub.data!.publishBoard.board;
      expect(printUrl).toMatch(new RegExp(`^/boards/${id}/print\\?ticket=`));
      expect(printUrl).not.toContain(s.mgr);
      const viaTicket = await fetch(`${base}${printUrl}`);
      expect(viaTicket.status).toBe(200);
      expect(await viaTicket.text()).toContain(rows[0]!.name);
      // marketing reads the board's link through the past boards
      const listed = await api.gql<{ boards: { id: string; printUrl: string }[] }>(`query ($d: ID) { boards(first: 5, dealershipId: $d) { id printUrl } }`, { d: s.d }, s.marketing);
      expect(listed.errors).toBeUndefined();
      const marketingUrl = listed.data!.boards.find((b) => b.id === id)!.printUrl;
      expect((await fetch(`${base}${marketingUrl}`)).status).toBe(200);

      const ticket = new URL(printUrl, base).searchParams.get('ticket')!;
      // a session token in the address is no longer taken, nor a ticket on another board
      expect((await fetch(`${base}/boards/${id}/print?token=${encodeURIComponent(s.marketing)}`)).status).toBe(401);
      expect((await fetch(`${base}/boards/${id}/print?ticket=${encodeURIComponent(s.marketing)}`)).status).toBe(401);
      expect((await fetch(`${base}/boards/${id}/print?ticket=not-a-ticket`)).status).toBe(401);
      const other = await fetch(`${base}/boards/${s.t}-other/print?ticket=${encodeURIComponent(ticket)}`);
      expect(other.status).toBe(401);
      expect(await other.text()).toContain('打印链接已失效');
      // and the ticket is no sign-in: the API refuses it
      const asSession = await api.gql(`{ me { id } }`, {}, ticket);
      expect(asSession.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      // a ticket for this board made out to another store's manager opens nothing: the poster checks its viewer
      const outsider = { sub: `${s.t}-other-manager`, username: `${s.t}-other-manager`, role: 'manager' as const, dealershipId: `${s.t}-elsewhere` };
      const outsiderTicket = await signPrintTicket(outsider, id, api.config.auth.jwtSecret, 60);
      const refused = await fetch(`${base}/boards/${id}/print?ticket=${encodeURIComponent(outsiderTicket)}`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain(rows[0]!.name);
      // nor one that has expired
      const expired = await signPrintTicket({ ...outsider, sub: `${s.t}-manager`, dealershipId: s.d }, id, api.config.auth.jwtSecret, -5);
      expect((await fetch(`${base}/boards/${id}/print?ticket=${encodeURIComponent(expired)}`)).status).toBe(401);
      // the manager leaves: their account is disabled, and their link stops with it
      await api.cypher(`MATCH (u:User {id: $id}) SET u.disabled = true`, { id: `${s.t}-manager` });
      const afterLeaving = await fetch(`${base}${printUrl}`);
      expect(afterLeaving.status).toBe(401);
      expect(await afterLeaving.text()).toContain('账号已停用');
    });
  });
});
