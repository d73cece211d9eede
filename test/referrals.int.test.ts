import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInDealerZone } from '../server/services/routines/dates.js';
import { startTestApi, tokenFor, uid, type GqlResult, type TestApi } from './support/test-api.js';
import { randomVin as vin } from './support/vin.js';

// recordReferral, and the sale that completes a referral: how a referral made in the showroom reaches
// referralCredit, topReferrers and the influence score's referral part.


const REFER = `mutation ($a: ID!, $b: ID!, $date: String, $channel: String) {
  recordReferral(referrerId: $a, refereeId: $b, date: $date, channel: $channel) { referrerId refereeId date channel saleId created }
}`;
const SALE = `mutation ($input: SaleInput!) { recordSale(input: $input) { created sale { id } referrerId } }`;
const CREDIT = `query ($id: ID!) { referralCredit(saleId: $id) { person { id } position share } }`;

interface Referral {
  referrerId: string;
  refereeId: string;
  date: string;
  channel: string | null;
  saleId: string | null;
  created: boolean;
}

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;
const daysAgo = (n: number) => addDays(todayInDealerZone(), -n);

describe('referrals recorded through the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  /** A store with a salesperson and the given people (keys), all prospects of the store. */
  async function store(keys: string[]) {
    const t = uid('ref');
    const d = `${t}-d`;
    await api.cypher(
      `CREATE (:Dealership {id: $d, name: '转介绍测试店'})
       CREATE (:User {id: $t + '-sp', username: $t + '-sp', displayName: '李销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       WITH 1 AS one UNWIND $keys AS k
       CREATE (:Person {id: $t + '-' + k, name: '客户' + k, kind: 'PROSPECT', shareConsent: true, contactConsent: true,
                        dealershipId: $d, createdAt: datetime()})`,
      { t, d, keys },
    );
    return {
      t,
      d,
      id: (k: string) => `${t}-${k}`,
      sp: await tokenFor(api.config, { role: 'salesperson', dealershipId: d, sub: `${t}-sp`, username: `${t}-sp` }),
    };
  }
  type Store = Awaited<ReturnType<typeof store>>;

  const refer = (s: Store, a: string, b: string, extra: { date?: string; channel?: string } = {}, token = s.sp) =>
    api.gql<{ recordReferral: Referral }>(REFER, { a: s.id(a), b: s.id(b), ...extra }, token);
  async function sale(s: Store, buyer: string, date: string) {
    const r = await api.gql<{ recordSale: { created: boolean; sale: { id: string }; referrerId: string | null } }>(
      SALE,
      { input: { buyerId: s.id(buyer), brand: '比亚迪', model: `汉 ${s.t}`, vin: vin(), price: 200000, date } },
      s.sp,
    );
    expect(r.errors).toBeUndefined();
    return r.data!.recordSale;
  }
  const stored = (s: Store, b: string) =>
    api.cypher<{ from: string; date: string; channel: string | null; saleId: string | null; recordedBy: string | null }>(
      `MATCH (a:Person)-[r:REFERRED]->(:Person {id: $id})
       RETURN a.id AS from, toString(r.date) AS date, r.channel AS channel, r.saleId AS saleId, r.recordedBy AS recordedBy ORDER BY from`,
      { id: s.id(b) },
    );

  it('records a referral once, and the referee\'s next sale completes it and gives the referrer the credit', async () => {
    const s = await store(['a', 'b']);
    const first = await refer(s, 'a', 'b', { date: daysAgo(10), channel: '微信' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordReferral).toEqual({ referrerId: s.id('a'), refereeId: s.id('b'), date: daysAgo(10), channel: '微信', saleId: null, created: true });
    // the same again: nothing new
    const again = await refer(s, 'a', 'b', { date: daysAgo(3), channel: '电话' });
    expect(again.data!.recordReferral).toMatchObject({ date: daysAgo(10), channel: '微信', created: false });
    expect(await stored(s, 'b')).toEqual([{ from: s.id('a'), date: daysAgo(10), channel: '微信', saleId: null, recordedBy: `${s.t}-sp` }]);
    const [audit] = await api.cypher<{ n: number }>(`MATCH (x:AuditEntry {targetId: $id, operation: 'recordReferral'}) RETURN count(x) AS n`, { id: s.id('b') });
    expect(audit!.n).toBe(1);

    const bought = await sale(s, 'b', daysAgo(2));
    expect(bought.referrerId).toBe(s.id('a'));
    expect((await stored(s, 'b'))[0]!.saleId).toBe(bought.sale.id);
    const credit = await api.gql<{ referralCredit: { person: { id: string }; position: number; share: number }[] }>(CREDIT, { id: bought.sale.id }, s.sp);
    expect(credit.data!.referralCredit).toEqual([{ person: { id: s.id('a') }, position: 1, share: 1 }]);
    // a second car is not the referral's: the referral keeps the first
    const second = await sale(s, 'b', daysAgo(1));
    expect(second.referrerId).toBeNull();
    expect((await stored(s, 'b'))[0]!.saleId).toBe(bought.sale.id);
    const none = await api.gql<{ referralCredit: unknown[] }>(CREDIT, { id: second.sale.id }, s.sp);
    expect(none.data!.referralCredit).toEqual([]);
  });

  it('gives a referral recorded after the sale that sale when it is dated before it, and none dated after', async () => {
    const s = await store(['a1', 'a2', 'a3', 'c']);
    const bought = await sale(s, 'c', daysAgo(5));
    expect(bought.referrerId).toBeNull();
    // asked at the delivery: a2 told them three weeks ago
    const late = await refer(s, 'a2', 'c', { date: daysAgo(20) });
    expect(late.data!.recordReferral).toMatchObject({ saleId: bought.sale.id, created: true });
    // the sale is taken, and a referral dated after it cannot have led to it
    expect((await refer(s, 'a1', 'c', { date: daysAgo(30) })).data!.recordReferral.saleId).toBeNull();
    expect((await refer(s, 'a3', 'c')).data!.recordReferral).toMatchObject({ date: todayInDealerZone(), saleId: null });
    expect((await stored(s, 'c')).map((r) => [r.from, r.saleId])).toEqual([
      [s.id('a1'), null],
      [s.id('a2'), bought.sale.id],
      [s.id('a3'), null],
    ]);
  });

  it('credits the earliest open referral before a sale, then the next one with the next sale', async () => {
    const s = await store(['e1', 'e2', 'd']);
    await refer(s, 'e2', 'd', { date: daysAgo(10) });
    await refer(s, 'e1', 'd', { date: daysAgo(30) });
    const first = await sale(s, 'd', daysAgo(3));
    expect(first.referrerId).toBe(s.id('e1'));
    const second = await sale(s, 'd', daysAgo(1));
    expect(second.referrerId).toBe(s.id('e2'));
    expect((await stored(s, 'd')).map((r) => [r.from, r.saleId])).toEqual([
      [s.id('e1'), first.sale.id],
      [s.id('e2'), second.sale.id],
    ]);
    // topReferrers counts the sale the showroom's referral produced
    const top = await api.gql<{ topReferrers: { person: { id: string }; sales: number }[] }>(`query { topReferrers(first: 100) { person { id } sales } }`, {}, s.sp);
    expect(top.errors).toBeUndefined();
    expect(top.data!.topReferrers.find((r) => r.person.id === s.id('e1'))).toMatchObject({ sales: 1 });
  });

  it('refuses oneself, a future date, a long channel, people it cannot see and read-only roles, writing nothing', async () => {
    const s = await store(['a', 'b']);
    const other = await store(['x']);
    const marketing = await tokenFor(api.config, { role: 'marketing', sub: uid('mkt') });
    const cases: [GqlResult, string, string | null][] = [
      [await refer(s, 'a', 'a'), 'BAD_USER_INPUT', 'refereeId'],
      [await refer(s, 'a', 'b', { date: addDays(todayInDealerZone(), 1) }), 'BAD_USER_INPUT', 'date'],
      [await refer(s, 'a', 'b', { date: '2025-02-30' }), 'BAD_USER_INPUT', 'date'],
      [await refer(s, 'a', 'b', { channel: '微'.repeat(51) }), 'BAD_USER_INPUT', 'channel'],
      [await api.gql(REFER, { a: s.id('a'), b: `${s.t}-nobody` }, s.sp), 'NOT_FOUND', 'refereeId'],
      [await api.gql(REFER, { a: other.id('x'), b: s.id('b') }, s.sp), 'NOT_FOUND', 'referrerId'],
      [await refer(s, 'a', 'b', {}, marketing), 'FORBIDDEN', null],
    ];
    for (const [r, c, f] of cases) {
      expect(code(r), JSON.stringify(r.errors)).toBe(c);
      if (f) expect(field(r)).toBe(f);
    }
    const [n] = await api.cypher<{ n: number }>(`MATCH (p:Person)-[r:REFERRED]-() WHERE p.dealershipId IN [$d1, $d2] RETURN count(r) AS n`, { d1: s.d, d2: other.d });
    expect(n!.n).toBe(0);
  });

  it('creates the person and the referral in one transaction, or neither', async () => {
    const t = uid('newref');
    const d = `${t}-d`;
    await api.cypher(
      `CREATE (:Person {id: $t + '-a', name: '老客户', kind: 'BUYER', dealershipId: $d, createdAt: datetime()})
       CREATE (:Person {id: $t + '-x', name: '外店客户', kind: 'BUYER', dealershipId: $d + '-other', createdAt: datetime()})`,
      { t, d },
    );
    const sp = await tokenFor(api.config, { role: 'salesperson', dealershipId: d, sub: `${t}-sp` });
    const CREATE = `mutation ($input: PersonInput!, $by: ID) { createPerson(input: $input, referredBy: $by) { id dealershipId } }`;
    const ok = await api.gql<{ createPerson: { id: string } }>(CREATE, { input: { name: `新客户${t}` }, by: `${t}-a` }, sp);
    expect(ok.errors).toBeUndefined();
    const id = ok.data!.createPerson.id;
    expect(
      await api.cypher(`MATCH (a:Person)-[r:REFERRED]->(:Person {id: $id}) RETURN a.id AS from, toString(r.date) AS date, r.saleId AS saleId`, { id }),
    ).toEqual([{ from: `${t}-a`, date: todayInDealerZone(), saleId: null }]);
    const [audits] = await api.cypher<{ ops: string[] }>(`MATCH (x:AuditEntry {targetId: $id}) RETURN collect(x.operation) AS ops`, { id });
    expect([...audits!.ops].sort()).toEqual(['createPerson', 'recordReferral']);
    // a referrer of another store: refused, and the person is not created either
    const bad = await api.gql(CREATE, { input: { name: `孤儿${t}` }, by: `${t}-x` }, sp);
    expect([code(bad), field(bad)]).toEqual(['NOT_FOUND', 'referredBy']);
    const [left] = await api.cypher<{ n: number }>(`MATCH (p:Person {name: $name}) RETURN count(p) AS n`, { name: `孤儿${t}` });
    expect(left!.n).toBe(0);
  });
});
