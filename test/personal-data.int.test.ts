import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';
import { addReferral, addSale, addTestimonial, addVisit, buildGraph, type Graph } from './intelligence-fixture.js';

/*
 * P asks the store for a copy of their data (PIPL art. 45). Around P:
 *   F  family 0.9, agreed to be named          X  friend 0.6, did not agree to be named
 *   A  advises P (A -ADVISES-> P) 0.7           H  friend 1.0, erased (must not appear)
 *   R  referred P (the referral led to P's sale); P referred Q (no sale yet)
 *   P visited with F as spouse; P came along on Q's test drive as a friend
 *   Q has a purchase and a testimonial of their own (must not appear in P's copy)
 */
const PEOPLE = [
  { key: 'P', name: '欧阳明' },
  { key: 'F', name: '欧阳丽' },
  { key: 'X', name: '司马强', shareConsent: false },
  { key: 'A', name: '诸葛亮' },
  { key: 'H', name: '黄艳', erased: true },
  { key: 'R', name: '上官燕' },
  { key: 'Q', name: '东方白', kind: 'PROSPECT' as const },
];
const TIES = [
  { from: 'P', to: 'F', kind: 'FAMILY' as const, strength: 0.9 },
  { from: 'X', to: 'P', kind: 'FRIEND' as const, strength: 0.6 },
  { from: 'A', to: 'P', kind: 'ADVISES' as const, strength: 0.7 },
  { from: 'P', to: 'H', kind: 'FRIEND' as const, strength: 1.0 },
  { from: 'P', to: 'Q', kind: 'COLLEAGUE' as const, strength: 0.4 },
];

const EXPORT = `mutation ($id: ID!) {
  exportPersonalData(personId: $id) {
    generatedAt generatedBy truncated
    person { id name phone region kind shareConsent contactConsent dealershipId dealershipName notes }
    ties { kind outgoing strength otherName }
    referrals { asReferrer date channel otherName ledToSale }
    visits { date kind role }
    purchases { date brand model price vin salesperson service { date kind mileage notes } }
    testimonials { date text rating status consentToPublish consentToBeCalled }
    followUps { dueDate status outcome notes }
    interactions { date kind notes }
    employers { name title }
    consentHistory { by operation shareConsent contactConsent }
  }
}`;

interface Copy {
  generatedAt: string;
  generatedBy: string;
  truncated: string[];
  person: Record<string, unknown>;
  ties: { kind: string; outgoing: boolean; strength: number; otherName: string | null }[];
  referrals: { asReferrer: boolean; date: string; channel: string | null; otherName: string | null; ledToSale: boolean }[];
  visits: { date: string; kind: string; role: string | null }[];
  purchases: Record<string, unknown>[];
  testimonials: Record<string, unknown>[];
  followUps: Record<string, unknown>[];
  interactions: Record<string, unknown>[];
  employers: Record<string, unknown>[];
  consentHistory: Record<string, unknown>[];
}

describe('a copy of a person’s data for them (PIPL art. 45)', () => {
  let api: TestApi;
  let g: Graph;
  let manager: string;
  let managerName: string;
  let saleP: string;

  beforeAll(async () => {
    api = await startTestApi();
    g = await buildGraph(api, PEOPLE, TIES);
    managerName = uid('mgr');
    manager = await tokenFor(api.config, { role: 'manager', dealershipId: g.dealershipId, sub: managerName, username: managerName });
    await api.cypher(
      `CREATE (:Dealership {id: $d, name: '圈子汽车城东店'})
       CREATE (:User {id: $sp, username: $sp, displayName: '李销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       WITH 1 AS one MATCH (p:Person {id: $p}) SET p.phone = '+8613800138000', p.notes = '喜欢周末来店'
       CREATE (p)-[:WORKS_AT {title: '采购经理'}]->(:Organization {id: $p + '-org', name: '杭州精工机械'})`,
      { d: g.dealershipId, sp: g.id('sp'), p: g.id('P') },
    );
    saleP = await addSale(api, g, 'p1', 'P', '2026-03-08', { model: ['比亚迪', '汉'] });
    await api.cypher(
      `MATCH (s:Sale {id: $s}) SET s.salespersonId = $sp
       CREATE (s)-[:SERVICED]->(:ServiceRecord {id: $s + '-svc', date: date('2026-09-01'), kind: 'MAINTENANCE', mileage: 5000, notes: '首保', dealershipId: $d})
       CREATE (:FollowUp {id: $s + '-fu', dueDate: date('2026-03-15'), status: 'DONE', outcome: 'REACHED', notes: '很满意', dealershipId: $d})-[:FOLLOWS_UP]->(s)
       WITH s MATCH (p:Person {id: $p})
       CREATE (p)-[:HAD]->(:Interaction {id: $p + '-i1', date: date('2026-04-02'), kind: 'CALL', notes: '问上牌', dealershipId: $d})`,
      { s: saleP, sp: g.id('sp'), d: g.dealershipId, p: g.id('P') },
    );
    await addReferral(api, g, 'R', 'P', '2026-02-20', saleP);
    await addReferral(api, g, 'P', 'Q', '2026-05-01', null);
    await addVisit(api, g, 'v1', 'P', '2026-02-28', [['F', 'SPOUSE']]);
    await addVisit(api, g, 'v2', 'Q', '2026-05-10', [['P', 'FRIEND']]);
    await addTestimonial(api, g, { key: 'tp', author: 'P', rating: 5, date: '2026-03-20', saleId: saleP, consentToBeCalled: false });
    const saleQ = await addSale(api, g, 'q1', 'Q', '2026-06-01');
    await addTestimonial(api, g, { key: 'tq', author: 'Q', rating: 4, date: '2026-06-10', saleId: saleQ });
    // a consent change through the API, so the copy carries the record of it
    const set = await api.gql(`mutation ($id: ID!) { setConsent(id: $id, shareConsent: false, contactConsent: true) { id } }`, { id: g.id('P') }, manager);
    expect(set.errors).toBeUndefined();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('holds their record, ties, referrals, visits, purchases, calls, contacts and consents, naming only those who agreed', async () => {
    const res = await api.gql<{ exportPersonalData: Copy }>(EXPORT, { id: g.id('P') }, manager);
    expect(res.errors).toBeUndefined();
    const c = res.data!.exportPersonalData;
    expect(c.generatedBy).toBe(managerName);
    expect(Math.abs(Date.parse(c.generatedAt) - Date.now())).toBeLessThan(60_000);
    expect(c.truncated).toEqual([]);
    expect(c.person).toEqual({
      id: g.id('P'),
      name: '欧阳明',
      phone: '+8613800138000',
      region: g.region,
      kind: 'BUYER',
      shareConsent: false,
      contactConsent: true,
      dealershipId: g.dealershipId,
      dealershipName: '圈子汽车城东店',
      notes: '喜欢周末来店',
    });
    // strongest first; X did not agree to be named, H is erased
    expect(c.ties).toEqual([
      { kind: 'FAMILY', outgoing: true, strength: 0.9, otherName: '欧阳丽' },
      { kind: 'ADVISES', outgoing: false, strength: 0.7, otherName: '诸葛亮' },
      { kind: 'FRIEND', outgoing: false, strength: 0.6, otherName: null },
      { kind: 'COLLEAGUE', outgoing: true, strength: 0.4, otherName: '东方白' },
    ]);
    expect(c.referrals).toEqual([
      { asReferrer: true, date: '2026-05-01', channel: 'WECHAT', otherName: '东方白', ledToSale: false },
      { asReferrer: false, date: '2026-02-20', channel: 'WECHAT', otherName: '上官燕', ledToSale: true },
    ]);
    expect(c.visits).toEqual([
      { date: '2026-05-10', kind: 'SHOWROOM', role: 'FRIEND' },
      { date: '2026-02-28', kind: 'SHOWROOM', role: null },
    ]);
    expect(c.purchases).toEqual([
      {
        date: '2026-03-08',
        brand: '比亚迪',
        model: '汉',
        price: 200000,
        vin: saleP,
        salesperson: '李销售',
        service: [{ date: '2026-09-01', kind: 'MAINTENANCE', mileage: 5000, notes: '首保' }],
      },
    ]);
    expect(c.testimonials).toEqual([
      { date: '2026-03-20', text: '好评 tp', rating: 5, status: 'PUBLISHED', consentToPublish: true, consentToBeCalled: false },
    ]);
    expect(c.followUps).toEqual([{ dueDate: '2026-03-15', status: 'DONE', outcome: 'REACHED', notes: '很满意' }]);
    expect(c.interactions).toEqual([{ date: '2026-04-02', kind: 'CALL', notes: '问上牌' }]);
    expect(c.employers).toEqual([{ name: '杭州精工机械', title: '采购经理' }]);
    expect(c.consentHistory).toEqual([{ by: managerName, operation: 'setConsent', shareConsent: false, contactConsent: true }]);
    // nothing of the person who did not agree to be named, of the erased friend, or of Q's own purchase and review
    const text = JSON.stringify(c);
    for (const absent of ['司马强', '黄艳', '好评 tq', '2026-06-01']) expect(text).not.toContain(absent);

    // re-read: the copy is audited with what it held, and the person's data is as it was
    const audit = await api.cypher<{ who: string; details: string }>(
      `MATCH (a:AuditEntry {targetId: $id, operation: 'exportPersonalData'}) RETURN a.username AS who, a.details AS details`,
      { id: g.id('P') },
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.who).toBe(managerName);
    expect(JSON.parse(audit[0]!.details)).toEqual({ ties: 4, purchases: 1, visits: 2, testimonials: 1, truncated: [] });
    // each entry belongs to the person's store: its manager reads them through the generated API, another store's not
    const stores = await api.cypher<{ d: string | null }>(`MATCH (a:AuditEntry {targetId: $id}) RETURN DISTINCT a.dealershipId AS d`, { id: g.id('P') });
    expect(stores).toEqual([{ d: g.dealershipId }]);
    const AUDIT = `query ($id: String!) { auditEntries(where: { targetId: { eq: $id } }, sort: [{ at: ASC }]) { operation username dealershipId } }`;
    const asManager = await api.gql<{ auditEntries: { operation: string; username: string; dealershipId: string }[] }>(AUDIT, { id: g.id('P') }, manager);
    expect(asManager.errors).toBeUndefined();
    expect(asManager.data!.auditEntries).toEqual([
      { operation: 'setConsent', username: managerName, dealershipId: g.dealershipId },
      { operation: 'exportPersonalData', username: managerName, dealershipId: g.dealershipId },
    ]);
    const elsewhere = await tokenFor(api.config, { role: 'manager', dealershipId: `${g.prefix}-other`, sub: uid('m3') });
    expect((await api.gql<{ auditEntries: unknown[] }>(AUDIT, { id: g.id('P') }, elsewhere)).data!.auditEntries).toEqual([]);
    const [still] = await api.cypher<{ ties: number; name: string }>(
      `MATCH (p:Person {id: $id}) RETURN p.name AS name, COUNT { (p)-[]-(:Person) } AS ties`,
      { id: g.id('P') },
    );
    expect(still).toEqual({ name: '欧阳明', ties: 7 });
  });

  it('is for the store’s manager or an admin only, and refusals write nothing', async () => {
    const other = await tokenFor(api.config, { role: 'manager', dealershipId: `${g.prefix}-elsewhere`, sub: uid('m2') });
    const sales = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId, sub: uid('sp') });
    const marketing = await tokenFor(api.config, { role: 'marketing', sub: uid('mk') });
    const admin = await tokenFor(api.config, { role: 'admin', sub: uid('ad') });
    const code = async (token: string, id: string) => (await api.gql(EXPORT, { id }, token)).errors?.[0]?.extensions?.code;
    expect(await code(sales, g.id('F'))).toBe('FORBIDDEN');
    expect(await code(marketing, g.id('F'))).toBe('FORBIDDEN');
    expect(await code(other, g.id('F'))).toBe('NOT_FOUND');
    expect(await code(manager, g.id('H'))).toBe('NOT_FOUND');
    expect(await code(manager, `${g.prefix}-nobody`)).toBe('NOT_FOUND');
    const refused = await api.cypher<{ n: number }>(
      `MATCH (a:AuditEntry {operation: 'exportPersonalData'}) WHERE a.targetId IN $ids RETURN count(a) AS n`,
      { ids: [g.id('F'), g.id('H')] },
    );
    expect(refused).toEqual([{ n: 0 }]);
    // an admin may make one for any store
    const res = await api.gql<{ exportPersonalData: Copy }>(EXPORT, { id: g.id('F') }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.exportPersonalData.ties).toEqual([{ kind: 'FAMILY', outgoing: false, strength: 0.9, otherName: null }]);
    // an admin's change to a store's tie is that store's entry too (a tie has no node: the store comes from its person)
    const tie = await api.gql(`mutation ($f: ID!, $t: ID!) { addTie(input: { fromId: $f, toId: $t, kind: FRIEND, strength: 0.5 }) { created } }`, { f: g.id('F'), t: g.id('R') }, admin);
    expect(tie.errors).toBeUndefined();
    const [entry] = await api.cypher<{ d: string | null; type: string }>(
      `MATCH (a:AuditEntry {operation: 'addTie'}) WHERE a.targetId STARTS WITH $f RETURN a.dealershipId AS d, a.targetType AS type`,
      { f: g.id('F') },
    );
    expect(entry).toEqual({ d: g.dealershipId, type: 'Tie' });
  });
});
