import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInDealerZone } from '../server/services/routines/dates.js';
import { startTestApi, tokenFor, uid, type GqlResult, type TestApi } from './support/test-api.js';
import { randomVin as vin } from './support/vin.js';


const RECORD_SALE = `mutation ($input: SaleInput!) {
  recordSale(input: $input) {
    created
    sale { id vin price date dealershipId salespersonId buyerId vehicleModelId brand model clientMutationId }
    followUp { id dueDate status assigneeId saleId buyerId buyerName overdue }
  }
}`;

const COMPLETE = `mutation ($id: ID!, $outcome: CallOutcome!, $feedback: String, $rating: Int, $publishConsent: Boolean,
                   $callConsent: Boolean, $needsHelp: [HelpKind!], $helpNotes: String) {
  completeFollowUp(id: $id, outcome: $outcome, feedback: $feedback, rating: $rating, publishConsent: $publishConsent,
                   callConsent: $callConsent, needsHelp: $needsHelp, helpNotes: $helpNotes) {
    testimonialId
    followUp { id status outcome notes attempts thanksGiven helpRequested rating doneAt testimonialId }
    tasks { id kind status notes dealershipId assigneeId followUpId saleId personId }
  }
}`;

interface SalePayload {
  recordSale: {
    created: boolean;
    sale: { id: string; vin: string; price: number; date: string; dealershipId: string; salespersonId: string; buyerId: string; vehicleModelId: string; brand: string; model: string; clientMutationId: string | null };
    followUp: { id: string; dueDate: string; status: string; assigneeId: string; saleId: string; buyerId: string; buyerName: string; overdue: boolean };
  };
}

const code = (r: GqlResult) => r.errors?.[0]?.extensions?.code;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;

describe('routines: recordSale and the thank-you call', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.stop();
  });
  const one = async <T,>(q: string, params: Record<string, unknown>) => (await api.cypher<T>(q, params))[0]!;

  /** A store with a salesperson, a manager and one prospect; every id unique to the test. */
  async function store(tag = uid('fu')) {
    const d = `${tag}-d`;
    await api.cypher(
      `CREATE (:Dealership {id: $d, name: '测试4S店'})
       CREATE (:User {id: $t + '-sp', username: $t + '-sp', displayName: '李销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       CREATE (:User {id: $t + '-sp2', username: $t + '-sp2', displayName: '赵销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})
       CREATE (:User {id: $t + '-mgr', username: $t + '-mgr', displayName: '陈经理', role: 'MANAGER', dealershipId: $d, disabled: false})
       CREATE (:Person {id: $t + '-buyer', name: '王芳', phone: '+8613800138000', kind: 'PROSPECT', shareConsent: true,
                        contactConsent: true, dealershipId: $d, createdAt: datetime()})`,
      { t: tag, d },
    );
    return {
      tag,
      d,
      buyerId: `${tag}-buyer`,
      spId: `${tag}-sp`,
      sp: await tokenFor(api.config, { role: 'salesperson', dealershipId: d, sub: `${tag}-sp`, username: `${tag}-sp` }),
      sp2: await tokenFor(api.config, { role: 'salesperson', dealershipId: d, sub: `${tag}-sp2` }),
      mgr: await tokenFor(api.config, { role: 'manager', dealershipId: d, sub: `${tag}-mgr` }),
      admin: await tokenFor(api.config, { role: 'admin', sub: `${tag}-admin` }),
      marketing: await tokenFor(api.config, { role: 'marketing', sub: `${tag}-mkt` }),
      other: await tokenFor(api.config, { role: 'salesperson', dealershipId: `${tag}-elsewhere`, sub: `${tag}-x` }),
    };
  }

  const saleInput = (s: { buyerId: string; tag: string }, extra: Record<string, unknown> = {}) => ({
    buyerId: s.buyerId,
    brand: '比亚迪',
    model: `汉 ${s.tag}`,
    vin: vin(),
    price: 219800,
    date: addDays(todayInDealerZone(), -2),
    ...extra,
  });

  it('records a sale with its buyer, model, audit entry and exactly one follow-up due in followUpDays', async () => {
    const s = await store();
    const input = saleInput(s);
    const res = await api.gql<SalePayload>(RECORD_SALE, { input }, s.sp);
    expect(res.errors).toBeUndefined();
    const { created, sale, followUp } = res.data!.recordSale;
    expect(created).toBe(true);
    expect(sale).toMatchObject({ vin: input.vin, price: 219800, date: input.date, dealershipId: s.d, salespersonId: s.spId, buyerId: s.buyerId, brand: '比亚迪', model: input.model });
    expect(followUp).toMatchObject({ dueDate: addDays(input.date, 7), status: 'OPEN', assigneeId: s.spId, saleId: sale.id, buyerId: s.buyerId, buyerName: '王芳', overdue: false });

    const [row] = await api.cypher<Record<string, unknown>>(
      `MATCH (b:Person {id: $buyer})-[:BOUGHT]->(s:Sale {vin: $vin})-[:OF_MODEL]->(m:VehicleModel)
       RETURN s.id AS id, toString(s.date) AS date, s.price AS price, s.dealershipId AS d, s.salespersonId AS sp,
              m.brand AS brand, m.model AS model, b.kind AS kind,
              [(f:FollowUp)-[:FOLLOWS_UP]->(s) | {id: f.id, due: toString(f.dueDate), status: f.status, assignee: f.assigneeId, d: f.dealershipId}] AS followUps,
              COUNT { (a:AuditEntry {targetId: s.id, operation: 'recordSale', userId: $sp}) } AS audits`,
      { buyer: s.buyerId, vin: input.vin, sp: s.spId },
    );
    expect(row).toEqual({
      id: sale.id,
      date: input.date,
      price: 219800,
      d: s.d,
      sp: s.spId,
      brand: '比亚迪',
      model: input.model,
      kind: 'BUYER',
      followUps: [{ id: followUp.id, due: addDays(input.date, 7), status: 'OPEN', assignee: s.spId, d: s.d }],
      audits: 1,
    });
  });

  it('creates one sale and one follow-up however often the mutation is retried, in sequence or at once', async () => {
    const s = await store();
    const counts = async (v: string) =>
      (
        await api.cypher<{ sales: number; followUps: number; models: number }>(
          `MATCH (s:Sale {vin: $vin}) RETURN count(s) AS sales, COUNT { (:FollowUp)-[:FOLLOWS_UP]->(:Sale {vin: $vin}) } AS followUps,
                  COUNT { (:Sale {vin: $vin})-[:OF_MODEL]->() } AS models`,
          { vin: v },
        )
      )[0]!;

    // retried with an idempotency key
    const keyed = saleInput(s, { clientMutationId: `${s.tag}-k1` });
    const first = await api.gql<SalePayload>(RECORD_SALE, { input: keyed }, s.sp);
    const again = await api.gql<SalePayload>(RECORD_SALE, { input: keyed }, s.sp);
    expect(first.data!.recordSale.created).toBe(true);
    expect(again.data!.recordSale).toMatchObject({ created: false, sale: { id: first.data!.recordSale.sale.id }, followUp: { id: first.data!.recordSale.followUp.id } });
    // the same key for a different sale is a conflict, not a silent second sale
    const reused = await api.gql(RECORD_SALE, { input: { ...keyed, vin: vin() } }, s.sp);
    expect(reused.errors, JSON.stringify(reused)).toBeDefined();
    expect(code(reused)).toBe('CONFLICT');
    expect(field(reused)).toBe('clientMutationId');
    expect(await counts(keyed.vin)).toEqual({ sales: 1, followUps: 1, models: 1 });

    // retried without a key: the VIN identifies it
    const plain = saleInput(s);
    const p1 = await api.gql<SalePayload>(RECORD_SALE, { input: plain }, s.sp);
    const p2 = await api.gql<SalePayload>(RECORD_SALE, { input: plain }, s.sp);
    expect([p1.data!.recordSale.created, p2.data!.recordSale.created]).toEqual([true, false]);
    expect(p2.data!.recordSale.sale.id).toBe(p1.data!.recordSale.sale.id);
    const clash = await api.gql(RECORD_SALE, { input: { ...plain, price: 199800 } }, s.sp);
    expect(code(clash)).toBe('CONFLICT');
    expect(field(clash)).toBe('vin');
    expect(await counts(plain.vin)).toEqual({ sales: 1, followUps: 1, models: 1 });

    // the same mutation sent six times at once, with and without a key
    for (const input of [saleInput(s, { clientMutationId: `${s.tag}-k2` }), saleInput(s)]) {
      const all = await Promise.all(Array.from({ length: 6 }, () => api.gql<SalePayload>(RECORD_SALE, { input }, s.sp)));
      expect(all.map((r) => r.errors)).toEqual(all.map(() => undefined));
      expect(all.filter((r) => r.data!.recordSale.created)).toHaveLength(1);
      expect(new Set(all.map((r) => r.data!.recordSale.sale.id)).size).toBe(1);
      expect(new Set(all.map((r) => r.data!.recordSale.followUp.id)).size).toBe(1);
      expect(await counts(input.vin)).toEqual({ sales: 1, followUps: 1, models: 1 });
    }
    const { models } = await one<{ models: number }>(
      'MATCH (m:VehicleModel {brand: $b, model: $m}) RETURN count(m) AS models',
      { b: '比亚迪', m: `汉 ${s.tag}` },
    );
    expect(models).toBe(1);
    const { audits } = await one<{ audits: number }>(
      `MATCH (s:Sale)<-[:BOUGHT]-(:Person {id: $b}) WITH collect(s.id) AS ids
       MATCH (a:AuditEntry {operation: 'recordSale'}) WHERE a.targetId IN ids RETURN count(a) AS audits`,
      { b: s.buyerId },
    );
    expect(audits).toBe(4);
  });

  it('takes followUpDays from the configuration', async () => {
    const api3 = await startTestApi({ QUANZI_FOLLOWUP_DAYS: '3' });
    try {
      const tag = uid('fu3');
      const d = `${tag}-d`;
      await api3.cypher(`CREATE (:Person {id: $id, name: '周强', kind: 'PROSPECT', shareConsent: false, contactConsent: true, dealershipId: $d})`, {
        id: `${tag}-b`,
        d,
      });
      const token = await tokenFor(api3.config, { role: 'salesperson', dealershipId: d, sub: `${tag}-sp` });
      const date = addDays(todayInDealerZone(), -1);
      const res = await api3.gql<SalePayload>(RECORD_SALE, { input: { buyerId: `${tag}-b`, brand: '吉利', model: '星越L', vin: vin(), price: 150000, date } }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordSale.followUp.dueDate).toBe(addDays(date, 3));
      const [row] = await api3.cypher<{ due: string }>('MATCH (f:FollowUp {id: $id}) RETURN toString(f.dueDate) AS due', { id: res.data!.recordSale.followUp.id });
      expect(row!.due).toBe(addDays(date, 3));
    } finally {
      await api3.stop();
    }
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const s = await store();
    await api.cypher(`CREATE (:Person {id: $id, name: '外店客户', kind: 'PROSPECT', shareConsent: true, dealershipId: $d})`, { id: `${s.tag}-foreign`, d: `${s.tag}-elsewhere` });
    await api.cypher(`CREATE (:Person {id: $id, name: '已删除', kind: 'BUYER', shareConsent: false, dealershipId: $d, erasedAt: datetime()})`, { id: `${s.tag}-erased`, d: s.d });
    const cases: [Record<string, unknown>, string][] = [
      [{ date: addDays(todayInDealerZone(), 1) }, 'date'],
      [{ date: '2026-02-30' }, 'date'],
      [{ price: 0 }, 'price'],
      [{ price: -5 }, 'price'],
      [{ vin: 'LSVAI4182E2184047' }, 'vin'],
      [{ vin: 'LSVAA4182E218404' }, 'vin'],
      [{ buyerId: `${s.tag}-nobody` }, 'buyerId'],
      [{ buyerId: `${s.tag}-foreign` }, 'buyerId'],
      [{ buyerId: `${s.tag}-erased` }, 'buyerId'],
      [{ brand: null }, 'brand'],
      [{ vehicleModelId: `${s.tag}-no-model`, brand: null, model: null }, 'vehicleModelId'],
    ];
    for (const [extra, f] of cases) {
      const input = saleInput(s, extra);
      const res = await api.gql(RECORD_SALE, { input }, s.sp);
      expect({ f, code: code(res), field: field(res) }).toEqual({ f, code: 'BAD_USER_INPUT', field: f });
      const { n } = await one<{ n: number }>('MATCH (x:Sale {vin: $vin}) RETURN count(x) AS n', { vin: String(input.vin).toUpperCase() });
      expect(n).toBe(0);
    }
    const { kind } = await one<{ kind: string }>('MATCH (p:Person {id: $id}) RETURN p.kind AS kind', { id: s.buyerId });
    expect(kind).toBe('PROSPECT');
  });

  it('lets only store staff and admins record sales, salespeople only their own', async () => {
    const s = await store();
    const denied = [
      [s.marketing, 'FORBIDDEN'],
      [await tokenFor(api.config, { role: 'analyst', sub: 'a' }), 'FORBIDDEN'],
      [s.other, 'BAD_USER_INPUT'], // the buyer is not theirs to read: "no such person"
    ] as const;
    for (const [token, expected] of denied) {
      const input = saleInput(s);
      const res = await api.gql(RECORD_SALE, { input }, token);
      expect(code(res)).toBe(expected);
      const { n } = await one<{ n: number }>('MATCH (x:Sale {vin: $vin}) RETURN count(x) AS n', { vin: input.vin });
      expect(n).toBe(0);
    }
    expect(code(await api.gql(RECORD_SALE, { input: saleInput(s) }))).toBe('UNAUTHENTICATED');
    const forColleague = await api.gql(RECORD_SALE, { input: saleInput(s, { salespersonId: `${s.tag}-sp2` }) }, s.sp);
    expect(code(forColleague)).toBe('FORBIDDEN');
    // a manager may record a colleague's sale; the call is then the colleague's
    const byMgr = await api.gql<SalePayload>(RECORD_SALE, { input: saleInput(s, { salespersonId: `${s.tag}-sp2` }) }, s.mgr);
    expect(byMgr.errors).toBeUndefined();
    expect(byMgr.data!.recordSale.followUp.assigneeId).toBe(`${s.tag}-sp2`);
    const unknownSeller = await api.gql(RECORD_SALE, { input: saleInput(s, { salespersonId: `${s.tag}-ghost` }) }, s.mgr);
    expect(field(unknownSeller)).toBe('salespersonId');
    // an admin names the dealership
    const byAdmin = await api.gql<SalePayload>(RECORD_SALE, { input: saleInput(s, { dealershipId: s.d, salespersonId: s.spId }) }, s.admin);
    expect(byAdmin.errors).toBeUndefined();
    expect(byAdmin.data!.recordSale.sale.dealershipId).toBe(s.d);
  });

  const LIST = `query ($status: FollowUpStatus, $dueBefore: String, $assigneeId: ID, $first: Int) {
    myFollowUps(status: $status, dueBefore: $dueBefore, assigneeId: $assigneeId, first: $first) { id status dueDate overdue daysOverdue }
  }`;

  it('lists my calls overdue first (most overdue first), then by due date, filtered by status and dueBefore', async () => {
    const s = await store();
    const today = todayInDealerZone();
    const plan = [
      ['due-3', 3, 'OPEN'],
      ['over-2', -2, 'OPEN'],
      ['done-5', -5, 'DONE'],
      ['over-10', -10, 'OPEN'],
      ['due-1', 1, 'OPEN'],
      ['due-0', 0, 'OPEN'],
    ] as const;
    await api.cypher(
      `UNWIND $plan AS p
       CREATE (s:Sale {id: $t + '-s-' + p[0], price: 100000.0, date: date($today) - duration({days: 10}), dealershipId: $d, salespersonId: $sp})
       CREATE (f:FollowUp {id: $t + '-' + p[0], dueDate: date($today) + duration({days: p[1]}), status: p[2], dealershipId: $d, assigneeId: $sp})
       CREATE (f)-[:FOLLOWS_UP]->(s)
       WITH s MATCH (b:Person {id: $buyer}) CREATE (b)-[:BOUGHT]->(s)`,
      { plan, t: s.tag, d: s.d, sp: s.spId, today, buyer: s.buyerId },
    );
    // a colleague's call never shows in my list
    await api.cypher(
      `CREATE (:FollowUp {id: $t + '-theirs', dueDate: date($today) - duration({days: 30}), status: 'OPEN', dealershipId: $d, assigneeId: $t + '-sp2'})`,
      { t: s.tag, d: s.d, today },
    );
    const ids = (r: GqlResult<{ myFollowUps: { id: string }[] }>) => r.data!.myFollowUps.map((f) => f.id.slice(s.tag.length + 1));

    const all = await api.gql<{ myFollowUps: { id: string; overdue: boolean; daysOverdue: number }[] }>(LIST, {}, s.sp);
    expect(all.errors).toBeUndefined();
    expect(ids(all)).toEqual(['over-10', 'over-2', 'done-5', 'due-0', 'due-1', 'due-3']);
    expect(all.data!.myFollowUps.map((f) => [f.overdue, f.daysOverdue])).toEqual([[true, 10], [true, 2], [false, 0], [false, 0], [false, 0], [false, 0]]);
    expect(ids(await api.gql(LIST, { status: 'OPEN' }, s.sp))).toEqual(['over-10', 'over-2', 'due-0', 'due-1', 'due-3']);
    expect(ids(await api.gql(LIST, { status: 'OPEN', dueBefore: addDays(today, 1) }, s.sp))).toEqual(['over-10', 'over-2', 'due-0']);
    expect(ids(await api.gql(LIST, { status: 'OPEN', first: 2 }, s.sp))).toEqual(['over-10', 'over-2']);
    expect(ids(await api.gql(LIST, { status: 'DONE' }, s.sp))).toEqual(['done-5']);

    // the manager may look at a salesperson's list; a colleague may not; nobody outside the store sees it
    expect(ids(await api.gql(LIST, { status: 'OPEN', assigneeId: s.spId }, s.mgr))).toEqual(['over-10', 'over-2', 'due-0', 'due-1', 'due-3']);
    expect(code(await api.gql(LIST, { assigneeId: s.spId }, s.sp2))).toBe('FORBIDDEN');
    const outsider = await api.gql<{ myFollowUps: unknown[] }>(LIST, { assigneeId: s.spId }, await tokenFor(api.config, { role: 'manager', dealershipId: `${s.tag}-elsewhere` }));
    expect(outsider.data!.myFollowUps).toEqual([]);
    for (const bad of [{ first: 0 }, { first: 201 }, { dueBefore: 'tomorrow' }]) {
      expect(code(await api.gql(LIST, bad, s.sp))).toBe('BAD_USER_INPUT');
    }
  });

  async function saleWithCall(s: Awaited<ReturnType<typeof store>>) {
    const res = await api.gql<SalePayload>(RECORD_SALE, { input: saleInput(s) }, s.sp);
    expect(res.errors).toBeUndefined();
    return res.data!.recordSale;
  }

  it('keeps feedback without publish consent in the follow-up notes only, never as a testimonial', async () => {
    const s = await store();
    const { sale, followUp } = await saleWithCall(s);
    const secret = `车很好，但别公开我的话 ${s.tag}`;
    const res = await api.gql<{ completeFollowUp: { testimonialId: string | null; followUp: Record<string, unknown>; tasks: { kind: string; status: string; personId: string; saleId: string; assigneeId: string }[] } }>(
      COMPLETE,
      { id: followUp.id, outcome: 'REACHED', feedback: secret, rating: 5, publishConsent: false, needsHelp: ['PLATES', 'ROUTE_MAPS'], helpNotes: '国庆去海南自驾' },
      s.sp,
    );
    expect(res.errors).toBeUndefined();
    const out = res.data!.completeFollowUp;
    expect(out.testimonialId).toBeNull();
    expect(out.followUp).toMatchObject({ status: 'DONE', outcome: 'REACHED', notes: secret, attempts: 1, thanksGiven: true, helpRequested: ['PLATES', 'ROUTE_MAPS'], rating: 5, testimonialId: null });
    expect(out.tasks.map((t) => t.kind).sort()).toEqual(['PLATES', 'ROUTE_MAPS']);
    expect(out.tasks.every((t) => t.status === 'OPEN' && t.personId === s.buyerId && t.saleId === sale.id && t.assigneeId === s.spId)).toBe(true);

    const [row] = await api.cypher<Record<string, unknown>>(
      `MATCH (f:FollowUp {id: $id})
       RETURN f.status AS status, f.notes AS notes, f.publishConsent AS publishConsent,
              COUNT { (:Testimonial)-[:ABOUT]->(:Sale {id: $sale}) } AS aboutSale,
              COUNT { (t:Testimonial) WHERE t.text CONTAINS $tag } AS anywhere,
              COUNT { (k:Task {followUpId: $id, status: 'OPEN', notes: '国庆去海南自驾'}) } AS tasks,
              COUNT { (a:AuditEntry {targetId: $id, operation: 'completeFollowUp'}) } AS audits`,
      { id: followUp.id, sale: sale.id, tag: s.tag },
    );
    expect(row).toEqual({ status: 'DONE', notes: secret, publishConsent: false, aboutSale: 0, anywhere: 0, tasks: 2, audits: 1 });
    // not through the generated API either, nor to group-wide readers through the follow-up
    const gen = await api.gql<{ testimonials: unknown[] }>(`query ($tag: String!) { testimonials(where: { text: { contains: $tag } }) { id } }`, { tag: s.tag }, s.admin);
    expect(gen.errors).toBeUndefined();
    expect(gen.data!.testimonials).toEqual([]);
    const asMarketing = await api.gql<{ followUpCall: { notes: string | null } }>(`query ($id: ID!) { followUpCall(id: $id) { notes } }`, { id: followUp.id }, s.marketing);
    expect(asMarketing.data!.followUpCall.notes).toBeNull();

    // the help task is closed by its assignee
    const taskId = (await api.cypher<{ id: string }>(`MATCH (k:Task {followUpId: $id, kind: 'PLATES'}) RETURN k.id AS id`, { id: followUp.id }))[0]!.id;
    expect(code(await api.gql(`mutation ($id: ID!) { completeTask(id: $id) { id } }`, { id: taskId }, s.sp2))).toBe('FORBIDDEN');
    const closed = await api.gql<{ completeTask: { status: string } }>(`mutation ($id: ID!) { completeTask(id: $id, notes: "已代办上牌") { status } }`, { id: taskId }, s.sp);
    expect(closed.data!.completeTask.status).toBe('DONE');
    const generated = await api.gql<{ tasks: { kind: string; status: string; person: { id: string; name: string } | null }[] }>(
      `query ($f: String!) { tasks(where: { followUpId: { eq: $f } }, sort: [{ kind: ASC }]) { kind status person { id name } } }`,
      { f: followUp.id },
      s.mgr,
    );
    expect(generated.errors).toBeUndefined();
    // the buyer comes with the task, so the help list needs no second query for names
    const [buyer] = await api.cypher<{ name: string }>(`MATCH (p:Person {id: $id}) RETURN p.name AS name`, { id: s.buyerId });
    const person = { id: s.buyerId, name: buyer!.name };
    expect(generated.data!.tasks).toEqual([
      { kind: 'PLATES', status: 'DONE', person },
      { kind: 'ROUTE_MAPS', status: 'OPEN', person },
    ]);
  });

  it('turns feedback with publish consent into a DRAFT testimonial of the buyer about the sale', async () => {
    const s = await store();
    const { sale, followUp } = await saleWithCall(s);
    const text = `提车一周，油耗很低，上牌也很顺利 ${s.tag}`;
    const res = await api.gql<{ completeFollowUp: { testimonialId: string; followUp: { notes: string | null; testimonialId: string } } }>(
      COMPLETE,
      { id: followUp.id, outcome: 'REACHED', feedback: text, rating: 4, publishConsent: true, callConsent: true },
      s.sp,
    );
    expect(res.errors).toBeUndefined();
    const tid = res.data!.completeFollowUp.testimonialId;
    expect(tid).toBeTruthy();
    expect(res.data!.completeFollowUp.followUp).toMatchObject({ notes: null, testimonialId: tid });
    const [row] = await api.cypher<Record<string, unknown>>(
      `MATCH (b:Person)-[:WROTE]->(t:Testimonial {id: $tid})-[:ABOUT]->(s:Sale)
       RETURN b.id AS author, s.id AS sale, t.text AS text, t.rating AS rating, t.status AS status,
              t.consentToPublish AS publish, t.consentToBeCalled AS call, t.dealershipId AS d, toString(t.date) AS date,
              b:TestimonialAuthor AS labelled`,
      { tid },
    );
    expect(row).toEqual({ author: s.buyerId, sale: sale.id, text, rating: 4, status: 'DRAFT', publish: true, call: true, d: s.d, date: todayInDealerZone(), labelled: true });
  });

  it('counts unanswered attempts, refuses a second completion, and validates the call', async () => {
    const s = await store();
    const { followUp } = await saleWithCall(s);
    const bad: [Record<string, unknown>, string][] = [
      [{ outcome: 'NO_ANSWER', feedback: '很好' }, 'outcome'],
      [{ outcome: 'REACHED', feedback: '很好', publishConsent: true }, 'rating'],
      [{ outcome: 'REACHED', publishConsent: true, rating: 5 }, 'feedback'],
      [{ outcome: 'REACHED', rating: 6 }, 'rating'],
    ];
    for (const [vars, f] of bad) {
      const r = await api.gql(COMPLETE, { id: followUp.id, ...vars }, s.sp);
      expect({ f, code: code(r), field: field(r) }).toEqual({ f, code: 'BAD_USER_INPUT', field: f });
    }
    const miss = await api.gql<{ completeFollowUp: { followUp: { status: string; attempts: number } } }>(COMPLETE, { id: followUp.id, outcome: 'NO_ANSWER' }, s.sp);
    expect(miss.data!.completeFollowUp.followUp).toMatchObject({ status: 'OPEN', attempts: 1 });
    const ok = await api.gql<{ completeFollowUp: { followUp: { status: string; attempts: number } } }>(COMPLETE, { id: followUp.id, outcome: 'REACHED' }, s.sp);
    expect(ok.data!.completeFollowUp.followUp).toMatchObject({ status: 'DONE', attempts: 2 });
    const twice = await api.gql(COMPLETE, { id: followUp.id, outcome: 'REACHED', feedback: 'x', rating: 5, publishConsent: true }, s.sp);
    expect(code(twice)).toBe('CONFLICT');
    const { n } = await one<{ n: number }>('MATCH (t:Testimonial {followUpId: $id}) RETURN count(t) AS n', { id: followUp.id });
    expect(n).toBe(0);

    // two completions of one call at the same moment: one goes through, the other is told it is done
    const race = (await saleWithCall(s)).followUp.id;
    const both = await Promise.all(
      [1, 2].map(() => api.gql(COMPLETE, { id: race, outcome: 'REACHED', feedback: `同时提交 ${s.tag}`, rating: 5, publishConsent: true }, s.sp)),
    );
    expect(both.map((r) => code(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    const raced = await one<{ n: number; attempts: number }>(
      'MATCH (f:FollowUp {id: $id}) RETURN COUNT { (t:Testimonial {followUpId: $id}) } AS n, f.attempts AS attempts',
      { id: race },
    );
    expect(raced).toEqual({ n: 1, attempts: 1 });
  });

  it('lets only the assignee, their manager or an admin complete a call', async () => {
    const s = await store();
    const calls = [await saleWithCall(s), await saleWithCall(s), await saleWithCall(s)];
    const status = async (id: string) => (await api.cypher<{ s: string }>('MATCH (f:FollowUp {id: $id}) RETURN f.status AS s', { id }))[0]!.s;
    const id0 = calls[0]!.followUp.id;
    expect(code(await api.gql(COMPLETE, { id: id0, outcome: 'REACHED' }, s.sp2))).toBe('FORBIDDEN');
    expect(code(await api.gql(COMPLETE, { id: id0, outcome: 'REACHED' }, s.marketing))).toBe('FORBIDDEN');
    expect(code(await api.gql(COMPLETE, { id: id0, outcome: 'REACHED' }, await tokenFor(api.config, { role: 'manager', dealershipId: `${s.tag}-elsewhere` })))).toBe('NOT_FOUND');
    expect(code(await api.gql(COMPLETE, { id: `${s.tag}-nope`, outcome: 'REACHED' }, s.sp))).toBe('NOT_FOUND');
    expect(await status(id0)).toBe('OPEN');
    expect((await api.gql(COMPLETE, { id: id0, outcome: 'REACHED' }, s.sp)).errors).toBeUndefined();
    expect((await api.gql(COMPLETE, { id: calls[1]!.followUp.id, outcome: 'DECLINED' }, s.mgr)).errors).toBeUndefined();
    expect((await api.gql(COMPLETE, { id: calls[2]!.followUp.id, outcome: 'UNREACHABLE' }, s.admin)).errors).toBeUndefined();
    expect([await status(id0), await status(calls[1]!.followUp.id), await status(calls[2]!.followUp.id)]).toEqual(['DONE', 'DONE', 'DONE']);
  });

  it('reports completion, reach, on-time rates and days to call per salesperson and dealership', async () => {
    const s = await store();
    const today = todayInDealerZone();
    // [assignee, sale date offset, due offset, status, outcome, done offset (days after sale, China time)]
    const plan: [string, number, string, string | null, number | null][] = [
      ['sp', -40, 'DONE', 'REACHED', 2],
      ['sp', -35, 'DONE', 'REACHED', 9],
      ['sp', -30, 'DONE', 'UNREACHABLE', 5],
      ['sp', -20, 'OPEN', null, null],
      ['sp2', -25, 'DONE', 'REACHED', 1],
      ['sp2', -3, 'OPEN', null, null],
      ['sp2', -28, 'CANCELLED', null, null],
    ];
    await api.cypher(
      `UNWIND range(0, size($plan) - 1) AS i
       WITH i, $plan[i] AS p
       CREATE (s:Sale {id: $t + '-st-' + i, price: 1.0, date: date($today) + duration({days: p[1]}), dealershipId: $d})
       CREATE (f:FollowUp {id: $t + '-fst-' + i, dueDate: date($today) + duration({days: p[1] + 7}), status: p[2], outcome: p[3],
                           dealershipId: $d, assigneeId: $t + '-' + p[0],
                           doneAt: CASE WHEN p[4] IS NULL THEN null
                                   ELSE datetime({date: date($today) + duration({days: p[1] + p[4]}), hour: 10, timezone: 'Asia/Shanghai'}) END})
       CREATE (f)-[:FOLLOWS_UP]->(s)`,
      { plan: plan.map(([a, sd, st, o, dn]) => [a, sd, st, o, dn]), t: s.tag, d: s.d, today },
    );
    const res = await api.gql<{ followUpStats: { bySalesperson: Record<string, unknown>[]; byDealership: Record<string, unknown>[] } }>(
      `query ($from: String, $to: String, $d: ID) { followUpStats(from: $from, to: $to, dealershipId: $d) {
         bySalesperson { dealershipId dealershipName assigneeId assigneeName due done reached onTime overdueOpen completionRate reachRate onTimeRate averageDaysToCall medianDaysToCall }
         byDealership { dealershipId dealershipName due done reached onTime overdueOpen completionRate averageDaysToCall medianDaysToCall } } }`,
      { from: addDays(today, -60), to: addDays(today, 30), d: s.d },
      s.admin,
    );
    expect(res.errors).toBeUndefined();
    // worked out by hand from the plan (due = sale + 7): sp made calls after 2, 9 (late) and 5 days and has one
    // overdue; sp2 one call after 1 day, one not yet due, and a cancelled one that does not count
    expect(res.data!.followUpStats.bySalesperson).toEqual([
      { dealershipId: s.d, dealershipName: '测试4S店', assigneeId: `${s.tag}-sp`, assigneeName: '李销售', due: 4, done: 3, reached: 2, onTime: 2, overdueOpen: 1, completionRate: 0.75, reachRate: 0.5, onTimeRate: 0.5, averageDaysToCall: 16 / 3, medianDaysToCall: 5 },
      { dealershipId: s.d, dealershipName: '测试4S店', assigneeId: `${s.tag}-sp2`, assigneeName: '赵销售', due: 2, done: 1, reached: 1, onTime: 1, overdueOpen: 0, completionRate: 0.5, reachRate: 0.5, onTimeRate: 0.5, averageDaysToCall: 1, medianDaysToCall: 1 },
    ]);
    expect(res.data!.followUpStats.byDealership).toEqual([
      { dealershipId: s.d, dealershipName: '测试4S店', due: 6, done: 4, reached: 3, onTime: 3, overdueOpen: 1, completionRate: 4 / 6, averageDaysToCall: 17 / 4, medianDaysToCall: 3.5 },
    ]);
    // store staff see their own store only
    const mine = await api.gql<{ followUpStats: { byDealership: { dealershipId: string }[] } }>(`{ followUpStats { byDealership { dealershipId } } }`, {}, s.sp);
    expect(mine.data!.followUpStats.byDealership.every((d) => d.dealershipId === s.d)).toBe(true);
    expect(code(await api.gql(`query ($d: ID) { followUpStats(dealershipId: $d) { from } }`, { d: `${s.tag}-elsewhere` }, s.sp))).toBe('FORBIDDEN');
  });
});
