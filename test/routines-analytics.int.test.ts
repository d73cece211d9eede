import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths, todayInDealerZone } from '../server/services/routines/dates.js';
import { startTestApi, tokenFor, uid, type GqlResult, type TestApi } from './support/test-api.js';

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;

describe('routines: repurchase radar, repurchase rate, sales analysis', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.stop();
  });
  const today = todayInDealerZone();
  const monthsAgo = (n: number) => addMonths(today, -n);

  async function shop() {
    const t = uid('an');
    const d = `${t}-d`;
    const d2 = `${t}-d2`;
    await api.cypher(
      `CREATE (:Dealership {id: $d, name: '城北店'}), (:Dealership {id: $d2, name: '城南店'})
       CREATE (:User {id: $t + '-sp1', username: $t + '-sp1', displayName: '李销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       CREATE (:User {id: $t + '-sp2', username: $t + '-sp2', displayName: '赵销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       CREATE (:User {id: $t + '-gone', username: $t + '-gone', displayName: '离职销售', role: 'SALESPERSON', dealershipId: $d, disabled: true})
       CREATE (:VehicleModel {id: $t + '-m1', brand: '比亚迪', model: '汉'})
       CREATE (:VehicleModel {id: $t + '-m2', brand: '比亚迪', model: '宋PLUS'})
       CREATE (:VehicleModel {id: $t + '-m3', brand: '吉利', model: '星越L'})`,
      { t, d, d2 },
    );
    return {
      t,
      d,
      d2,
      id: (k: string) => `${t}-${k}`,
      mgr: await tokenFor(api.config, { role: 'manager', dealershipId: d, sub: `${t}-mgr` }),
      sp: await tokenFor(api.config, { role: 'salesperson', dealershipId: d, sub: `${t}-sp1` }),
      analyst: await tokenFor(api.config, { role: 'analyst', sub: `${t}-an` }),
      admin: await tokenFor(api.config, { role: 'admin', sub: `${t}-ad` }),
      otherSp: await tokenFor(api.config, { role: 'salesperson', dealershipId: d2, sub: `${t}-o` }),
    };
  }

  type Shop = Awaited<ReturnType<typeof shop>>;

  /** People (key, name, region, kind, shareConsent, dealer) and their sales (key, buyer, date, model, seller, price, dealer). */
  async function people(s: Shop, rows: { key: string; name: string; region?: string | null; kind?: string; share?: boolean; dealer?: string }[]) {
    await api.cypher(
      `UNWIND $rows AS r
       CREATE (:Person {id: $t + '-' + r.key, name: r.name, region: r.region, kind: r.kind, shareConsent: r.share,
                        contactConsent: true, phone: '+8613900000000', dealershipId: r.dealer})`,
      { t: s.t, rows: rows.map((r) => ({ region: null, kind: 'BUYER', share: true, dealer: s.d, ...r })) },
    );
  }
  async function sales(s: Shop, rows: { key: string; buyer: string; date: string; model?: string; sp?: string; price?: number; dealer?: string }[]) {
    await api.cypher(
      `UNWIND $rows AS r
       MATCH (b:Person {id: $t + '-' + r.buyer})
       MATCH (m:VehicleModel {id: $t + '-' + r.model})
       CREATE (b)-[:BOUGHT]->(x:Sale {id: $t + '-' + r.key, date: date(r.date), price: toFloat(r.price), dealershipId: r.dealer,
                                      salespersonId: $t + '-' + r.sp, createdAt: datetime()})-[:OF_MODEL]->(m)`,
      { t: s.t, rows: rows.map((r) => ({ model: 'm1', sp: 'sp1', price: 200000, dealer: s.d, ...r })) },
    );
  }
  async function ties(s: Shop, rows: [string, string, string, number][]) {
    for (const [a, type, b, strength] of rows) {
      // the type comes from this test's own literal list, never from input
      if (!['FRIEND', 'FAMILY', 'COLLEAGUE', 'ADVISES'].includes(type)) throw new Error(type);
      await api.cypher(
        `MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[:${type} {strength: $strength, source: 'MANUAL', confirmed: true}]->(b)`,
        { a: s.id(a), b: s.id(b), strength },
      );
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // repurchase radar
  // ---------------------------------------------------------------------------------------------------------

  const RADAR = `query ($m: Int, $first: Int, $d: ID, $mine: Boolean) {
    repurchaseRadar(monthsSincePurchase: $m, first: $first, dealershipId: $d, mine: $mine) {
      personId name phone monthsSincePurchase brand model healthScore band reasons
      parts { key points maxPoints value }
      warmestWayIn { kind userId personId name strength warmth reason }
      waysIn { kind name warmth }
    }
  }`;
  interface RadarOut {
    personId: string;
    name: string | null;
    monthsSincePurchase: number;
    healthScore: number;
    band: string;
    reasons: string[];
    parts: { key: string; points: number; value: number }[];
    warmestWayIn: { kind: string; userId: string | null; personId: string | null; name: string; strength: number | null; warmth: number } | null;
    waysIn: { kind: string; name: string; warmth: number }[];
  }

  /** The documented health score, computed again from the hand-built facts. */
  function health(f: { interactions: number; call: 'REACHED' | 'DONE' | 'NONE'; service: number; circleWeight: number; refSales: number; refOther: number }) {
    const cap = (x: number, c: number) => Math.min(x, c);
    return (
      (25 * cap(f.interactions, 6)) / 6 +
      (f.call === 'REACHED' ? 15 : f.call === 'DONE' ? 7 : 0) +
      (20 * cap(f.service, 3)) / 3 +
      (20 * cap(f.circleWeight, 2)) / 2 +
      (20 * cap(f.refSales + 0.5 * f.refOther, 2)) / 2
    );
  }

  it('ranks buyers nearing their next car by relationship health, with reasons and the warmest way in', async () => {
    const s = await shop();
    await people(s, [
      { key: 'b1', name: '王建国' },
      { key: 'b2', name: '刘桂芳' },
      { key: 'b3', name: '陈志强' },
      { key: 'b4', name: '杨秀英' },
      { key: 'b5', name: '赵近买' },
      { key: 'b6', name: '孙又买' },
      { key: 'b7', name: '周太久' },
      { key: 'b8', name: '吴已删' },
      { key: 'f1', name: '好友甲' },
      { key: 'f2', name: '外店好友', share: false, dealer: s.d2 },
      { key: 'f3', name: '好友丙' },
      { key: 'f4', name: '外店买家', dealer: s.d2 },
      { key: 'r1', name: '被推荐人', kind: 'PROSPECT' },
    ]);
    await api.cypher(`MATCH (p:Person {id: $id}) SET p.erasedAt = datetime()`, { id: s.id('b8') });
    await sales(s, [
      { key: 's-b1', buyer: 'b1', date: monthsAgo(38), sp: 'sp1' },
      { key: 's-b2', buyer: 'b2', date: monthsAgo(36), sp: 'sp2', model: 'm2' },
      { key: 's-b3', buyer: 'b3', date: monthsAgo(34), sp: 'gone', model: 'm3' },
      { key: 's-b4', buyer: 'b4', date: monthsAgo(32), sp: 'sp2' },
      { key: 's-b5', buyer: 'b5', date: monthsAgo(20) },
      { key: 's-b6a', buyer: 'b6', date: monthsAgo(36) },
      { key: 's-b6b', buyer: 'b6', date: monthsAgo(10) },
      { key: 's-b7', buyer: 'b7', date: monthsAgo(50) },
      { key: 's-b8', buyer: 'b8', date: monthsAgo(35) },
      // circle purchases in the last 12 months, at this store (f2's too: readable, but f2 may not be named)
      { key: 's-f1', buyer: 'f1', date: monthsAgo(3) },
      { key: 's-f2', buyer: 'f2', date: monthsAgo(2) },
      { key: 's-f3', buyer: 'f3', date: monthsAgo(5) },
      // recorded by the other store: its manager's radar cannot count it, a group-wide reader's does
      { key: 's-f4', buyer: 'f4', date: monthsAgo(2), dealer: s.d2 },
    ]);
    // b1: 3 interactions, call reached, 2 services, friend f1 (0.9) bought, 1 referral that led to a sale
    // b2: 1 interaction, call closed unreached; b3: nothing (its seller has left)
    // b4: 7 interactions (capped at 6), circle f2 (0.8) and f3 (0.6) bought
    await api.cypher(
      `MATCH (b1:Person {id: $t + '-b1'}), (b2:Person {id: $t + '-b2'}), (b4:Person {id: $t + '-b4'}), (r1:Person {id: $t + '-r1'})
       MATCH (s1:Sale {id: $t + '-s-b1'}), (s2:Sale {id: $t + '-s-b2'})
       FOREACH (i IN range(1, 3) | CREATE (b1)-[:HAD]->(:Interaction {id: $t + '-i1-' + i, date: date($today) - duration({months: i}), kind: 'CALL', dealershipId: $d}))
       CREATE (b1)-[:HAD]->(:Interaction {id: $t + '-i1-old', date: date($today) - duration({months: 14}), kind: 'CALL', dealershipId: $d})
       CREATE (b1)-[:HAD]->(:Interaction {id: $t + '-i1-else', date: date($today) - duration({months: 1}), kind: 'CALL', dealershipId: $d2})
       CREATE (b2)-[:HAD]->(:Interaction {id: $t + '-i2', date: date($today) - duration({months: 4}), kind: 'MESSAGE', dealershipId: $d})
       FOREACH (i IN range(1, 7) | CREATE (b4)-[:HAD]->(:Interaction {id: $t + '-i4-' + i, date: date($today) - duration({days: 20 * i}), kind: 'CALL', dealershipId: $d}))
       CREATE (:FollowUp {id: $t + '-fu1', dueDate: s1.date + duration({days: 7}), status: 'DONE', outcome: 'REACHED', doneAt: datetime({date: s1.date + duration({days: 3}), hour: 10, timezone: 'Asia/Shanghai'}), dealershipId: $d, assigneeId: $t + '-sp1'})-[:FOLLOWS_UP]->(s1)
       CREATE (:FollowUp {id: $t + '-fu2', dueDate: s2.date + duration({days: 7}), status: 'DONE', outcome: 'UNREACHABLE', doneAt: datetime({date: s2.date + duration({days: 8}), hour: 10, timezone: 'Asia/Shanghai'}), dealershipId: $d, assigneeId: $t + '-sp2'})-[:FOLLOWS_UP]->(s2)
       CREATE (s1)-[:SERVICED]->(:ServiceRecord {id: $t + '-sr1', date: date($today) - duration({months: 6}), kind: 'MAINTENANCE', dealershipId: $d})
       CREATE (s1)-[:SERVICED]->(:ServiceRecord {id: $t + '-sr2', date: date($today) - duration({months: 12}), kind: 'REPAIR', dealershipId: $d})
       CREATE (s1)-[:SERVICED]->(:ServiceRecord {id: $t + '-sr3', date: date($today) - duration({months: 20}), kind: 'MAINTENANCE', dealershipId: $d})
       CREATE (b1)-[:REFERRED {date: date($today) - duration({months: 8}), saleId: 'some-sale'}]->(r1)`,
      { t: s.t, d: s.d, d2: s.d2, today },
    );
    await ties(s, [
      ['b1', 'FRIEND', 'f1', 0.9],
      ['b4', 'COLLEAGUE', 'f2', 0.8],
      ['f3', 'FAMILY', 'b4', 0.6],
      ['b3', 'FRIEND', 'b7', 0.9], // b7 bought 50 months ago: not a recent circle purchase
      ['b3', 'FRIEND', 'f4', 0.7],
      ['f1', 'FAMILY', 'b1', 0.5], // a second tie to f1: f1 counts once, at the stronger 0.9
    ]);

    const res = await api.gql<{ repurchaseRadar: RadarOut[] }>(RADAR, {}, s.mgr);
    expect(res.errors).toBeUndefined();
    const radar = res.data!.repurchaseRadar;
    const expected = [
      { key: 'b1', months: 38, score: health({ interactions: 3, call: 'REACHED', service: 2, circleWeight: 0.9, refSales: 1, refOther: 0 }) },
      { key: 'b4', months: 32, score: health({ interactions: 7, call: 'NONE', service: 0, circleWeight: 1.4, refSales: 0, refOther: 0 }) },
      { key: 'b2', months: 36, score: health({ interactions: 1, call: 'DONE', service: 0, circleWeight: 0, refSales: 0, refOther: 0 }) },
      { key: 'b3', months: 34, score: 0 },
    ].sort((a, b) => b.score - a.score);
    // b5 (20 months), b6 (bought again 10 months ago), b7 (50 months), the erased b8 and the circle's recent buyers stay out
    expect(radar.map((r) => r.personId)).toEqual(expected.map((e) => s.id(e.key)));
    radar.forEach((r, i) => {
      expect(r.healthScore).toBeCloseTo(expected[i]!.score, 6);
      expect(r.monthsSincePurchase).toBe(expected[i]!.months);
    });
    expect(radar.map((r) => r.band)).toEqual(expected.map((e) => (e.score >= 60 ? 'HOT' : e.score >= 30 ? 'WARM' : 'COLD')));

    const [b1, b4, b2, b3] = radar;
    expect(b1!.reasons[0]).toBe('购车已满 38 个月（比亚迪 汉）');
    expect(b1!.reasons).toContain('近 12 个月有 3 次互动');
    expect(b1!.reasons).toContain('购车后的回访电话已接通');
    expect(b1!.reasons).toContain('近 18 个月回店保养维修 2 次');
    expect(b1!.reasons).toContain('圈子里有 1 人近一年购车：好友甲');
    expect(b1!.reasons).toContain('推荐过 1 位朋友，其中 1 位已成交');
    expect(b1!.parts.find((p) => p.key === 'SERVICE')).toMatchObject({ value: 2 });
    // b1's own salesperson is warmest (0.5 + 0.3 call + 0.2 contact = 1.0 > friend's 0.9)
    expect(b1!.warmestWayIn).toMatchObject({ kind: 'SALESPERSON', userId: s.id('sp1'), name: '李销售', warmth: 1 });
    // b4's strongest tie who bought is f2 (0.8 > salesperson 0.7), recorded by another store without consent: unnamed
    expect(b4!.warmestWayIn).toMatchObject({ kind: 'CIRCLE', personId: null, name: '一位共同联系人', strength: 0.8, warmth: 0.8 });
    expect(b4!.waysIn.map((w) => [w.kind, w.name, w.warmth])).toEqual([
      ['CIRCLE', '一位共同联系人', 0.8],
      ['SALESPERSON', '赵销售', 0.7],
      ['CIRCLE', '好友丙', 0.6],
    ]);
    expect(b4!.reasons).toContain('圈子里有 2 人近一年购车：一位共同联系人、好友丙');
    expect(b2!.reasons).toContain('购车后已回访，但未接通或未深谈');
    // b3's salesperson has left: the store takes over at low warmth
    expect(b3!.warmestWayIn).toMatchObject({ kind: 'SALESPERSON', warmth: 0.2 });
    expect(b3!.reasons).toEqual(['购车已满 34 个月（吉利 星越L）', '购车后未完成回访', '近 12 个月没有互动']);

    // a shorter horizon brings b5 in; first bounds the list
    const wide = await api.gql<{ repurchaseRadar: RadarOut[] }>(RADAR, { m: 12 }, s.mgr);
    expect(wide.data!.repurchaseRadar.map((r) => r.personId)).toContain(s.id('b5'));
    const top2 = await api.gql<{ repurchaseRadar: RadarOut[] }>(RADAR, { first: 2 }, s.mgr);
    expect(top2.data!.repurchaseRadar.map((r) => r.personId)).toEqual(expected.slice(0, 2).map((e) => s.id(e.key)));
    // group-wide readers narrow to the store; other stores see none of it
    const asAnalyst = await api.gql<{ repurchaseRadar: RadarOut[] }>(RADAR, { d: s.d }, s.analyst);
    expect(asAnalyst.data!.repurchaseRadar.map((r) => r.personId)).toEqual(expected.map((e) => s.id(e.key)));
    // f4's purchase at the other store is in b3's circle for a group-wide reader only: 20 × 0.7 / 2
    const b3All = asAnalyst.data!.repurchaseRadar.find((r) => r.personId === s.id('b3'))!;
    expect(b3All.healthScore).toBeCloseTo((20 * 0.7) / 2, 6);
    expect(b3All.reasons).toContain('圈子里有 1 人近一年购车：外店买家');
    // a salesperson's own radar: the buyers whose latest car they sold, in the same order
    const seller: Record<string, string> = { b1: 'sp1', b2: 'sp2', b4: 'sp2', b3: 'gone' };
    for (const sp of ['sp1', 'sp2']) {
      const token = await tokenFor(api.config, { role: 'salesperson', dealershipId: s.d, sub: `${s.t}-${sp}` });
      const mine = await api.gql<{ repurchaseRadar: RadarOut[] }>(RADAR, { mine: true }, token);
      expect(mine.errors).toBeUndefined();
      expect(mine.data!.repurchaseRadar.map((r) => r.personId), sp).toEqual(expected.filter((e) => seller[e.key] === sp).map((e) => s.id(e.key)));
    }
    const sp1Store = await api.gql<{ repurchaseRadar: RadarOut[] }>(RADAR, {}, s.sp);
    expect(sp1Store.data!.repurchaseRadar.map((r) => r.personId)).toEqual(expected.map((e) => s.id(e.key)));
    const other = await api.gql<{ repurchaseRadar: RadarOut[] }>(RADAR, { first: 200 }, s.otherSp);
    expect(other.data!.repurchaseRadar.filter((r) => r.personId.startsWith(s.t))).toEqual([]);
    expect(code(await api.gql(RADAR, { d: s.d }, s.otherSp))).toBe('FORBIDDEN');
    for (const vars of [{ m: 0 }, { m: 48 }, { first: 0 }, { first: 201 }]) {
      expect(code(await api.gql(RADAR, { ...vars, d: s.d }, s.admin))).toBe('BAD_USER_INPUT');
    }
  });

  it('measures the repurchase rate by health band and by whether the thank-you call was made', async () => {
    const s = await shop();
    await people(s, ['r1', 'r2', 'r3', 'r4', 'r5'].map((k) => ({ key: k, name: `客户${k}` })));
    const first = { r1: monthsAgo(60), r2: monthsAgo(55), r3: monthsAgo(50), r4: monthsAgo(70), r5: monthsAgo(40) };
    await sales(s, [
      { key: 'r1a', buyer: 'r1', date: first.r1 },
      { key: 'r1b', buyer: 'r1', date: addMonths(first.r1, 30) }, // repurchased, in the 24..48 month window
      { key: 'r2a', buyer: 'r2', date: first.r2 },
      { key: 'r3a', buyer: 'r3', date: first.r3 },
      { key: 'r3b', buyer: 'r3', date: addMonths(first.r3, 10) }, // too early to count as the next car
      { key: 'r4a', buyer: 'r4', date: first.r4 },
      { key: 'r4b', buyer: 'r4', date: addMonths(first.r4, 40), dealer: s.d2 }, // another store
      { key: 'r5a', buyer: 'r5', date: first.r5 }, // too recent for the cohort
    ]);
    // r1: call on time + 3 interactions and 3 services in the two years after purchase -> WARM (12.5 + 15 + 20)
    // r3: call made late -> COLD (15)
    await api.cypher(
      `MATCH (r1:Person {id: $t + '-r1'}), (a1:Sale {id: $t + '-r1a'}), (a3:Sale {id: $t + '-r3a'})
       CREATE (:FollowUp {id: $t + '-f1', dueDate: a1.date + duration({days: 7}), status: 'DONE', outcome: 'REACHED', doneAt: datetime({date: a1.date + duration({days: 4}), hour: 9, timezone: 'Asia/Shanghai'}), dealershipId: $d})-[:FOLLOWS_UP]->(a1)
       CREATE (:FollowUp {id: $t + '-f3', dueDate: a3.date + duration({days: 7}), status: 'DONE', outcome: 'REACHED', doneAt: datetime({date: a3.date + duration({days: 12}), hour: 9, timezone: 'Asia/Shanghai'}), dealershipId: $d})-[:FOLLOWS_UP]->(a3)
       FOREACH (i IN range(1, 3) |
         CREATE (r1)-[:HAD]->(:Interaction {id: $t + '-ri-' + i, date: a1.date + duration({months: 12 + 3 * i}), kind: 'CALL', dealershipId: $d})
         CREATE (a1)-[:SERVICED]->(:ServiceRecord {id: $t + '-rs-' + i, date: a1.date + duration({months: 10 + 4 * i}), kind: 'MAINTENANCE', dealershipId: $d}))`,
      { t: s.t, d: s.d },
    );
    const Q = `query ($d: ID) { repurchaseStats(dealershipId: $d) {
      buyers repurchased rate articleClaimedRate cohortCutoff definition
      byBand { key buyers repurchased rate } byFollowUpCall { key buyers repurchased rate } cells { band call buyers repurchased } } }`;
    const res = await api.gql<{ repurchaseStats: Record<string, unknown> }>(Q, {}, s.mgr);
    expect(res.errors).toBeUndefined();
    expect(res.data!.repurchaseStats).toMatchObject({
      buyers: 4,
      repurchased: 1,
      rate: 0.25,
      articleClaimedRate: 0.7,
      cohortCutoff: monthsAgo(48),
      byBand: [
        { key: 'HOT', buyers: 0, repurchased: 0, rate: null },
        { key: 'WARM', buyers: 1, repurchased: 1, rate: 1 },
        { key: 'COLD', buyers: 3, repurchased: 0, rate: 0 },
      ],
      byFollowUpCall: [
        { key: 'ON_TIME', buyers: 1, repurchased: 1, rate: 1 },
        { key: 'LATE', buyers: 1, repurchased: 0, rate: 0 },
        { key: 'NOT_CALLED', buyers: 2, repurchased: 0, rate: 0 },
      ],
      cells: [
        { band: 'COLD', call: 'LATE', buyers: 1, repurchased: 0 },
        { band: 'COLD', call: 'NOT_CALLED', buyers: 2, repurchased: 0 },
        { band: 'WARM', call: 'ON_TIME', buyers: 1, repurchased: 1 },
      ],
    });
    const asAnalyst = await api.gql<{ repurchaseStats: { buyers: number } }>(Q, { d: s.d }, s.analyst);
    expect(asAnalyst.data!.repurchaseStats.buyers).toBe(4);
    expect(code(await api.gql(Q, { d: s.d }, s.otherSp))).toBe('FORBIDDEN');
  });

  it('counts a call marked done without a time (as the generated API or an import may write it) as late', async () => {
    const t = uid('nodone');
    const d = `${t}-d`;
    await api.cypher(
      `CREATE (b:Person {id: $t + '-b', name: '旧客户', kind: 'BUYER', dealershipId: $d, createdAt: datetime()})
       CREATE (b)-[:BOUGHT]->(s:Sale {id: $t + '-s', vin: $t, price: 100000.0, date: date($first), dealershipId: $d, createdAt: datetime()})
       CREATE (:FollowUp {id: $t + '-f', status: 'DONE', outcome: 'REACHED', dueDate: date($first) + duration({days: 7}), dealershipId: $d})-[:FOLLOWS_UP]->(s)`,
      { t, d, first: monthsAgo(50) },
    );
    const admin = await tokenFor(api.config, { role: 'admin' });
    const res = await api.gql<{ repurchaseStats: { buyers: number; byFollowUpCall: { key: string; buyers: number }[] } }>(
      `query ($d: ID) { repurchaseStats(dealershipId: $d) { buyers byFollowUpCall { key buyers } } }`,
      { d },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.repurchaseStats.buyers).toBe(1);
    expect(res.data!.repurchaseStats.byFollowUpCall).toEqual([
      { key: 'ON_TIME', buyers: 0 },
      { key: 'LATE', buyers: 1 },
      { key: 'NOT_CALLED', buyers: 0 },
    ]);
  });

  // ---------------------------------------------------------------------------------------------------------
  // salesStats
  // ---------------------------------------------------------------------------------------------------------

  const STATS = `query ($g: [SalesDimension!]!, $from: String, $to: String, $d: ID) {
    salesStats(groupBy: $g, from: $from, to: $to, dealershipId: $d) {
      from to groupBy truncated
      totals { count revenue averagePrice referralCount referralShare companionCount companionShare }
      groups { keys { dimension value label } count revenue averagePrice referralCount referralShare companionCount companionShare
               previousCount previousRevenue countChange countChangeRate revenueChangeRate }
    }
  }`;
  interface Group {
    keys: { dimension: string; value: string | null; label: string }[];
    count: number;
    revenue: number;
    averagePrice: number | null;
    referralCount: number;
    referralShare: number | null;
    companionCount: number;
    companionShare: number | null;
    previousCount: number | null;
    countChange: number | null;
    countChangeRate: number | null;
  }

  it('groups sales by every dimension, matching counts worked out independently from the rows', async () => {
    const s = await shop();
    const month = (k: number, day: number) => `${addMonths(`${today.slice(0, 7)}-01`, -k).slice(0, 7)}-${String(day).padStart(2, '0')}`;
    await people(s, [
      { key: 'p1', name: '甲', region: '华东' },
      { key: 'p2', name: '乙', region: '华东' },
      { key: 'p3', name: '丙', region: '华南' },
      { key: 'p4', name: '丁', region: null },
      { key: 'p5', name: '戊', region: '华南' },
      { key: 'p6', name: '己', region: '华北' },
      { key: 'ref', name: '推荐人', region: '华东' },
      { key: 'c1', name: '陪同', region: '华东' },
    ]);
    // [sale, buyer, months ago, day, model, seller, price]
    const rows: [string, string, number, number, string, string, number][] = [
      ['s1', 'p1', 3, 5, 'm1', 'sp1', 200000],
      ['s2', 'p2', 3, 20, 'm1', 'sp2', 210000],
      ['s3', 'p3', 2, 8, 'm2', 'sp1', 150000],
      ['s4', 'p4', 2, 9, 'm3', 'sp1', 130000],
      ['s5', 'p5', 2, 15, 'm1', 'sp2', 205000],
      ['s6', 'p6', 1, 3, 'm3', 'sp2', 128000],
      ['s7', 'p1', 1, 25, 'm2', 'sp1', 155000],
      ['s8', 'p2', 1, 26, 'm2', 'sp1', 149000],
    ];
    await sales(s, rows.map(([key, buyer, m, day, model, sp, price]) => ({ key, buyer, date: month(m, day), model, sp, price })));
    // outside the period, and another store's sale in the period: never counted
    await sales(s, [
      { key: 'old', buyer: 'p3', date: month(8, 1), model: 'm1' },
      { key: 'elsewhere', buyer: 'p6', date: month(1, 2), model: 'm1', dealer: s.d2 },
    ]);
    const dateOf = (k: string) => {
      const r = rows.find((x) => x[0] === k)!;
      return month(r[2], r[3]);
    };
    // the referrals and visits around the sales; the rules are applied to them below, in plain code
    const referrals = [
      { to: 'p2', date: addDays(dateOf('s2'), -15), saleId: null }, // before s2 (and so before s8)
      { to: 'p3', date: addDays(dateOf('s3'), 3), saleId: 's3' }, // after s3, but names it
      { to: 'p5', date: addDays(dateOf('s5'), 3), saleId: null }, // after s5: not what led to it
    ];
    const visits = [
      { key: 'v1', by: 'p1', date: addDays(dateOf('s1'), -30), companion: true },
      { key: 'v6', by: 'p6', date: addDays(dateOf('s6'), -5), companion: false },
      { key: 'v4', by: 'p4', date: addDays(dateOf('s4'), -200), companion: true }, // too long before s4
    ];
    await api.cypher(
      `MATCH (ref:Person {id: $t + '-ref'}), (c1:Person {id: $t + '-c1'})
       UNWIND $referrals AS r
       MATCH (p:Person {id: $t + '-' + r.to})
       CREATE (ref)-[:REFERRED {date: date(r.date), channel: 'WECHAT', saleId: CASE WHEN r.saleId IS NULL THEN null ELSE $t + '-' + r.saleId END}]->(p)
       WITH DISTINCT c1
       UNWIND $visits AS v
       MATCH (p:Person {id: $t + '-' + v.by})
       CREATE (p)-[:MADE_VISIT]->(x:Visit {id: $t + '-' + v.key, date: date(v.date), kind: 'SHOWROOM', dealershipId: $d})
       FOREACH (_ IN CASE WHEN v.companion THEN [1] ELSE [] END | CREATE (c1)-[:ACCOMPANIED {role: 'SPOUSE'}]->(x))`,
      { t: s.t, d: s.d, referrals, visits },
    );

    // the reference: each sale's attributes by the documented rules, then grouping done here in plain code
    const region: Record<string, string | null> = { p1: '华东', p2: '华东', p3: '华南', p4: null, p5: '华南', p6: '华北' };
    const brand: Record<string, string> = { m1: '比亚迪', m2: '比亚迪', m3: '吉利' };
    const buyerOf = (k: string) => rows.find((r) => r[0] === k)![1];
    const referred = new Set(rows.map((r) => r[0]).filter((k) => referrals.some((x) => x.to === buyerOf(k) && (x.date <= dateOf(k) || x.saleId === k))));
    const visitedWith = (k: string, needCompanion: boolean) =>
      visits.some((v) => v.by === buyerOf(k) && (v.companion || !needCompanion) && v.date <= dateOf(k) && v.date >= addDays(dateOf(k), -180));
    const companions = new Set(rows.map((r) => r[0]).filter((k) => visitedWith(k, true)));
    const visited = new Set(rows.map((r) => r[0]).filter((k) => visitedWith(k, false)));
    // the cases the data was built for
    expect([...referred].sort()).toEqual(['s2', 's3', 's8']);
    expect(companions.has('s1') && !companions.has('s4') && visited.has('s6') && !companions.has('s6')).toBe(true);
    const facts = rows.map(([key, buyer, m, day, model, sp, price]) => ({
      key,
      price,
      MODEL: s.id(model),
      BRAND: brand[model]!,
      REGION: region[buyer]!,
      MONTH: month(m, day).slice(0, 7),
      DEALERSHIP: s.d,
      SALESPERSON: s.id(sp),
      SOURCE: referred.has(key) ? 'REFERRAL' : companions.has(key) ? 'COMPANION_VISIT' : visited.has(key) ? 'VISIT' : 'DIRECT',
    }));
    type Dim = 'MODEL' | 'BRAND' | 'REGION' | 'MONTH' | 'DEALERSHIP' | 'SALESPERSON' | 'SOURCE';
    const reference = (dims: Dim[]) => {
      const m = new Map<string, { keys: (string | null)[]; count: number; revenue: number; referralCount: number; companionCount: number }>();
      for (const f of facts) {
        const keys = dims.map((d) => f[d]);
        const k = JSON.stringify(keys);
        const g = m.get(k) ?? { keys, count: 0, revenue: 0, referralCount: 0, companionCount: 0 };
        g.count++;
        g.revenue += f.price;
        if (referred.has(f.key)) g.referralCount++;
        if (companions.has(f.key)) g.companionCount++;
        m.set(k, g);
      }
      return [...m.values()];
    };
    const from = month(4, 1);
    const norm = (gs: { keys: (string | null)[]; count: number; revenue: number; referralCount: number; companionCount: number }[]) =>
      gs.map((g) => ({ ...g, keys: g.keys })).sort((a, b) => JSON.stringify(a.keys).localeCompare(JSON.stringify(b.keys)));

    const dims: Dim[][] = [['MODEL'], ['BRAND'], ['REGION'], ['MONTH'], ['DEALERSHIP'], ['SALESPERSON'], ['SOURCE'], ['MODEL', 'MONTH'], ['REGION', 'SOURCE', 'BRAND']];
    for (const g of dims) {
      const res = await api.gql<{ salesStats: { groups: Group[]; totals: Group; truncated: boolean; groupBy: string[] } }>(STATS, { g, from, to: today, d: s.d }, s.analyst);
      expect(res.errors).toBeUndefined();
      const got = res.data!.salesStats;
      expect(got.groupBy).toEqual(g);
      expect(got.truncated).toBe(false);
      expect(norm(got.groups.map((x) => ({ keys: x.keys.map((k) => k.value), count: x.count, revenue: x.revenue, referralCount: x.referralCount, companionCount: x.companionCount })))).toEqual(norm(reference(g)));
      for (const x of got.groups) {
        expect(x.averagePrice).toBeCloseTo(x.revenue / x.count, 6);
        expect(x.referralShare).toBeCloseTo(x.referralCount / x.count, 6);
        expect(x.companionShare).toBeCloseTo(x.companionCount / x.count, 6);
      }
      expect(got.totals).toMatchObject({ count: 8, revenue: rows.reduce((a, r) => a + r[6], 0), referralCount: referred.size, companionCount: companions.size });
    }

    // labels for ids; null region reads 未知地区
    const byModel = await api.gql<{ salesStats: { groups: Group[] } }>(STATS, { g: ['MODEL'], from, to: today, d: s.d }, s.analyst);
    expect(Object.fromEntries(byModel.data!.salesStats.groups.map((x) => [x.keys[0]!.value, x.keys[0]!.label]))).toEqual({
      [s.id('m1')]: '比亚迪 汉',
      [s.id('m2')]: '比亚迪 宋PLUS',
      [s.id('m3')]: '吉利 星越L',
    });
    const bySeller = await api.gql<{ salesStats: { groups: Group[] } }>(STATS, { g: ['SALESPERSON', 'DEALERSHIP', 'REGION'], from, to: today, d: s.d }, s.analyst);
    const labels = new Set(bySeller.data!.salesStats.groups.flatMap((x) => x.keys.map((k) => k.label)));
    expect([...labels].sort()).toEqual(['华东', '华北', '华南', '未知地区', '李销售', '城北店', '赵销售'].sort());

    // month-over-month: in time order; the first month has nothing before `from` to compare with
    const byMonth = await api.gql<{ salesStats: { groups: Group[] } }>(STATS, { g: ['MONTH'], from, to: today, d: s.d }, s.sp);
    expect(byMonth.data!.salesStats.groups.map((x) => [x.keys[0]!.value, x.count, x.previousCount, x.countChange, x.countChangeRate])).toEqual([
      [month(3, 1).slice(0, 7), 2, 0, 2, null], // month 4 ago is inside the period and had no sales
      [month(2, 1).slice(0, 7), 3, 2, 1, 0.5],
      [month(1, 1).slice(0, 7), 3, 3, 0, 0],
    ]);
    const fromMonth3 = await api.gql<{ salesStats: { groups: Group[] } }>(STATS, { g: ['MONTH'], from: month(3, 1), to: today }, s.sp);
    expect(fromMonth3.data!.salesStats.groups[0]!.previousCount).toBeNull();

    // scoping and input: store staff see their store; groupBy keys come from the enum only
    expect(code(await api.gql(STATS, { g: ['MODEL'], d: s.d2 }, s.sp))).toBe('FORBIDDEN');
    const injected = await api.gql(STATS, { g: ['MODEL} RETURN 1 //'] }, s.analyst);
    expect(code(injected)).toBe('BAD_USER_INPUT');
    expect(field(await api.gql(STATS, { g: ['MODEL', 'MODEL'] }, s.analyst))).toBe('groupBy');
    expect(field(await api.gql(STATS, { g: ['MODEL'], from: today, to: month(3, 1) }, s.analyst))).toBe('from');
    expect(field(await api.gql(STATS, { g: ['MODEL'], to: '2026-13-01' }, s.analyst))).toBe('to');
  });

  it('totals count every sale of the period when the groups stop at 2,000, and an empty period gives zeros', async () => {
    const s = await shop();
    const n = 2005;
    const day = addDays(today, -3);
    // one model per sale, so grouping by model makes 2,005 groups of one
    await api.cypher(
      `UNWIND range(1, $n) AS i
       CREATE (:VehicleModel {id: $t + '-bulk-m' + i, brand: '测试', model: '型号' + i})<-[:OF_MODEL]-
              (:Sale {id: $t + '-bulk-s' + i, date: date($day), price: toFloat(i * 1000), dealershipId: $d, salespersonId: $t + '-sp1', createdAt: datetime()})`,
      { t: s.t, d: s.d, n, day },
    );
    const res = await api.gql<{ salesStats: { groups: Group[]; totals: Group; truncated: boolean } }>(STATS, { g: ['MODEL'], d: s.d }, s.analyst);
    expect(res.errors).toBeUndefined();
    const got = res.data!.salesStats;
    expect(got.truncated).toBe(true);
    expect(got.groups).toHaveLength(2000);
    expect(got.groups.every((g) => g.count === 1)).toBe(true);
    // 1,000 + 2,000 + ... + 2,005,000 yuan
    expect(got.totals).toMatchObject({ count: n, revenue: (1000 * n * (n + 1)) / 2, referralCount: 0, companionCount: 0 });
    expect(got.totals.averagePrice).toBeCloseTo((1000 * (n + 1)) / 2, 6);
    const stored = await api.cypher<{ c: number }>(`MATCH (x:Sale) WHERE x.id STARTS WITH $p RETURN count(x) AS c`, { p: `${s.t}-bulk-s` });
    expect(Number(stored[0]!.c)).toBe(n);

    const empty = await api.gql<{ salesStats: { groups: Group[]; totals: Group; truncated: boolean } }>(
      STATS,
      { g: ['MODEL'], d: s.d, from: addMonths(today, -100), to: addMonths(today, -99) },
      s.analyst,
    );
    expect(empty.errors).toBeUndefined();
    expect(empty.data!.salesStats).toMatchObject({ truncated: false, groups: [], totals: { count: 0, revenue: 0, averagePrice: null, referralCount: 0 } });
  });

  // ---------------------------------------------------------------------------------------------------------
  // modelDemand
  // ---------------------------------------------------------------------------------------------------------

  it("finds what prospects' friends (1-2 hops) bought recently, next to hot and slow sales velocity", async () => {
    const s = await shop();
    await people(s, [
      { key: 'P1', name: '潜客一', region: '华东', kind: 'PROSPECT' },
      { key: 'P2', name: '潜客二', region: '华东', kind: 'PROSPECT' },
      { key: 'P3', name: '潜客三', region: '华南', kind: 'PROSPECT' },
      { key: 'C1', name: '朋友一', region: '华东' },
      { key: 'C2', name: '朋友二', region: '华南' },
      { key: 'C3', name: '朋友三', region: '华南' },
      { key: 'X', name: '中间人', region: '华东', kind: 'CONTACT' },
      { key: 'C4', name: '三跳外', region: '华东' },
      { key: 'Z', name: '路人', region: '华东' },
    ]);
    await ties(s, [
      ['P1', 'FRIEND', 'C1', 0.7],
      ['C1', 'FRIEND', 'C2', 0.5],
      ['C1', 'FAMILY', 'P2', 0.9],
      ['P3', 'COLLEAGUE', 'C3', 0.4],
      ['P1', 'FRIEND', 'X', 0.5],
      ['C4', 'ADVISES', 'C2', 0.6], // C4 -> C2 -> C1 -> P1: three hops from the nearest prospect
    ]);
    // recent sales (last 6 months): C1 m1, C3 m1, C2 m2, C4 m3, Z m3 x2, Z m1; old: C1 m2 (10 months ago)
    await sales(s, [
      { key: 'c1', buyer: 'C1', date: monthsAgo(2), model: 'm1' },
      { key: 'c3', buyer: 'C3', date: monthsAgo(1), model: 'm1' },
      { key: 'c2', buyer: 'C2', date: monthsAgo(3), model: 'm2' },
      { key: 'c4', buyer: 'C4', date: monthsAgo(2), model: 'm3' },
      { key: 'z1', buyer: 'Z', date: monthsAgo(1), model: 'm3' },
      { key: 'z2', buyer: 'Z', date: monthsAgo(4), model: 'm3' },
      { key: 'z3', buyer: 'Z', date: monthsAgo(5), model: 'm1' },
      { key: 'old', buyer: 'C1', date: monthsAgo(10), model: 'm2' },
      { key: 'older', buyer: 'Z', date: monthsAgo(8), model: 'm2' },
    ]);
    const Q = `query ($region: String, $months: Int, $d: ID) { modelDemand(region: $region, months: $months, dealershipId: $d) {
      months since medianSalesPerMonth models { vehicleModelId brand model circleBuyers prospectsReached recentSales previousSales salesPerMonth trend velocity } } }`;
    const res = await api.gql<{ modelDemand: { medianSalesPerMonth: number; models: Record<string, unknown>[] } }>(Q, { months: 6 }, s.mgr);
    expect(res.errors).toBeUndefined();
    // circles: P1 -> C1 (1 hop), C2 (2 hops via C1); P2 -> C1, C2 (2 hops); P3 -> C3. C4 is 2 hops from C1 only (3 from P1).
    // m1: buyers C1, C3 reach P1, P2, P3; m2: buyer C2 reaches P1, P2; m3: C4 reaches nobody.
    // velocity over 6 months: m1 3 (C1, C3, Z), m2 1 (C2), m3 3 (C4, Z, Z); the 6 months before: m2 2 (old, older)
    const median = 3 / 6; // of 0.5, 1/6, 0.5
    expect(res.data!.modelDemand.medianSalesPerMonth).toBeCloseTo(median);
    expect(res.data!.modelDemand.models).toEqual([
      { vehicleModelId: s.id('m1'), brand: '比亚迪', model: '汉', circleBuyers: 2, prospectsReached: 3, recentSales: 3, previousSales: 0, salesPerMonth: 0.5, trend: null, velocity: 'STEADY' },
      { vehicleModelId: s.id('m2'), brand: '比亚迪', model: '宋PLUS', circleBuyers: 1, prospectsReached: 2, recentSales: 1, previousSales: 2, salesPerMonth: 1 / 6, trend: -0.5, velocity: 'SLOW' },
      { vehicleModelId: s.id('m3'), brand: '吉利', model: '星越L', circleBuyers: 0, prospectsReached: 0, recentSales: 3, previousSales: 0, salesPerMonth: 0.5, trend: null, velocity: 'STEADY' },
    ]);
    // by region: only 华东 prospects (P1, P2) and sales to 华东 buyers (C1 m1, C4 m3, Z m3 x2, Z m1; before: C1 m2, Z m2)
    const east = await api.gql<{ modelDemand: { models: { vehicleModelId: string; circleBuyers: number; prospectsReached: number; recentSales: number; velocity: string }[] } }>(
      Q,
      { months: 6, region: '华东' },
      s.mgr,
    );
    expect(east.data!.modelDemand.models.map((m) => [m.vehicleModelId, m.circleBuyers, m.prospectsReached, m.recentSales, m.velocity])).toEqual([
      [s.id('m1'), 1, 2, 2, 'STEADY'],
      [s.id('m2'), 1, 2, 0, 'SLOW'],
      [s.id('m3'), 0, 0, 3, 'HOT'],
    ]);
    expect(code(await api.gql(Q, { months: 0 }, s.mgr))).toBe('BAD_USER_INPUT');
    expect(code(await api.gql(Q, { months: 37 }, s.mgr))).toBe('BAD_USER_INPUT');
    const other = await api.gql<{ modelDemand: { models: { vehicleModelId: string }[] } }>(Q, {}, s.otherSp);
    expect(other.data!.modelDemand.models.filter((m) => m.vehicleModelId.startsWith(s.t))).toEqual([]);
  });
});
