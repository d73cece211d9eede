import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';

type Tokens = Record<'sales1' | 'manager1' | 'sales2' | 'marketing' | 'analyst' | 'admin', string>;

const CREATE = `mutation ($input: PersonInput!) { createPerson(input: $input) { id name phone kind shareConsent contactConsent dealershipId } }`;

describe('people, ties and consent through the API', () => {
  let api: TestApi;
  let t: Tokens;
  let d1: string;
  let d2: string;

  beforeAll(async () => {
    api = await startTestApi();
    d1 = uid('d1');
    d2 = uid('d2');
    t = {
      sales1: await tokenFor(api.config, { role: 'salesperson', dealershipId: d1, sub: uid('u') }),
      manager1: await tokenFor(api.config, { role: 'manager', dealershipId: d1, sub: uid('u') }),
      sales2: await tokenFor(api.config, { role: 'salesperson', dealershipId: d2, sub: uid('u') }),
      marketing: await tokenFor(api.config, { role: 'marketing', sub: uid('u') }),
      analyst: await tokenFor(api.config, { role: 'analyst', sub: uid('u') }),
      admin: await tokenFor(api.config, { role: 'admin', sub: uid('u') }),
    };
  });
  afterAll(async () => {
    await api.stop();
  });

  async function person(token: string, input: Record<string, unknown>): Promise<{ id: string; phone: string | null }> {
    const res = await api.gql<{ createPerson: { id: string; phone: string | null } }>(CREATE, { input }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.createPerson;
  }

  describe('denied first', () => {
    it('refuses every write without a token', async () => {
      const res = await api.gql(CREATE, { input: { name: '王芳' } });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('refuses writes by marketing and analysts', async () => {
      for (const token of [t.marketing, t.analyst]) {
        const res = await api.gql(CREATE, { input: { name: '王芳' } }, token);
        expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    });

    it('hides another dealership: no reads, writes answer NOT_FOUND, nothing changes', async () => {
      const other = await person(t.sales2, { name: `李娜${uid()}`, phone: '13912345678' });
      const read = await api.gql<{ people: unknown[] }>(`query ($id: ID!) { people(where: { id: { eq: $id } }) { id } }`, { id: other.id }, t.sales1);
      expect(read.data!.people).toEqual([]);
      const write = await api.gql(`mutation ($id: ID!) { setConsent(id: $id, shareConsent: true, contactConsent: true) { id } }`, { id: other.id }, t.sales1);
      expect(write.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const [row] = await api.cypher<{ s: boolean }>('MATCH (p:Person {id: $id}) RETURN p.shareConsent AS s', { id: other.id });
      expect(row!.s).toBe(false);
      const admin = await api.gql(`mutation ($d: ID) { createPerson(input: { name: "x", dealershipId: $d }) { id } }`, { d: d1 }, t.sales2);
      expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('lets only admins manage users', async () => {
      for (const token of [t.sales1, t.manager1, t.marketing, t.analyst]) {
        const res = await api.gql(
          `mutation { createUser(input: { username: "x${Date.now()}", password: "longpassword", displayName: "x", role: "admin" }) { id } }`,
          {},
          token,
        );
        expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const users = await api.gql<{ users: { id: string }[] }>('{ users { id } }', {}, t.sales1);
      expect(users.data!.users.every((u) => u.id !== 'nobody')).toBe(true);
    });

    it('only erases for managers and admins', async () => {
      const p = await person(t.sales1, { name: '赵敏' });
      const res = await api.gql(`mutation ($id: ID!) { erasePerson(id: $id) { id } }`, { id: p.id }, t.sales1);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('validation', () => {
    it.each([
      [{ name: '张三', phone: '12345' }, 'phone'],
      [{ name: '张三', phone: '2381234567' }, 'phone'],
      [{ name: '   ' }, 'name'],
      [{ name: '张三', notes: 'x'.repeat(2001) }, 'notes'],
    ])('refuses %o naming %s, writing nothing', async (input, field) => {
      const marker = uid('m');
      const res = await api.gql(CREATE, { input: { ...input, region: marker } }, t.sales1);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe(field);
      const rows = await api.cypher<{ n: number }>('MATCH (p:Person {region: $marker}) RETURN count(p) AS n', { marker });
      expect(rows[0]!.n).toBe(0);
    });

    it('refuses a tie to oneself, strength outside 0..1 and a future date', async () => {
      const a = await person(t.sales1, { name: '甲' });
      const b = await person(t.sales1, { name: '乙' });
      const add = `mutation ($i: TieInput!) { addTie(input: $i) { kind } }`;
      const cases: [Record<string, unknown>, string][] = [
        [{ fromId: a.id, toId: a.id, kind: 'FRIEND' }, 'toId'],
        [{ fromId: a.id, toId: b.id, kind: 'FRIEND', strength: 1.5 }, 'strength'],
        [{ fromId: a.id, toId: b.id, kind: 'FRIEND', strength: -0.1 }, 'strength'],
        [{ fromId: a.id, toId: b.id, kind: 'FRIEND', since: '2999-01-01' }, 'since'],
      ];
      for (const [i, field] of cases) {
        const res = await api.gql(add, { i }, t.sales1);
        expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0]?.extensions?.field).toBe(field);
      }
      const rows = await api.cypher<{ n: number }>('MATCH (a:Person {id: $a})-[r]-() RETURN count(r) AS n', { a: a.id });
      expect(rows[0]!.n).toBe(0);
    });

    it('writes nothing when one companion of a visit is invalid', async () => {
      const p = await person(t.sales1, { name: '孙丽' });
      const res = await api.gql(
        `mutation ($i: VisitInput!) { recordVisit(input: $i) { id } }`,
        { i: { prospectId: p.id, date: '2025-05-01', companions: [{ newPerson: { name: '新朋友' }, role: 'FRIEND' }, { newPerson: { name: '坏号码', phone: '999' }, role: 'SPOUSE' }] } },
        t.sales1,
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe('phone');
      const rows = await api.cypher<{ n: number }>(
        'MATCH (p:Person {id: $id}) OPTIONAL MATCH (p)-[r]-() RETURN count(r) AS n',
        { id: p.id },
      );
      expect(rows[0]!.n).toBe(0);
    });
  });

  describe('writes', () => {
    it('creates a person with a normalised phone and an audit entry', async () => {
      const name = `陈静${uid()}`;
      const res = await api.gql<{ createPerson: Record<string, unknown> }>(
        CREATE,
        { input: { name, phone: '+86 138-0013-8000', kind: 'PROSPECT', shareConsent: true } },
        t.sales1,
      );
      expect(res.errors).toBeUndefined();
      const p = res.data!.createPerson;
      expect(p).toMatchObject({ name, phone: '+8613800138000', kind: 'PROSPECT', shareConsent: true, contactConsent: false, dealershipId: d1 });
      const [row] = await api.cypher('MATCH (p:Person {id: $id}) RETURN p.name AS name, p.phone AS phone, p.dealershipId AS d', { id: p.id });
      expect(row).toEqual({ name, phone: '+8613800138000', d: d1 });
      const audit = await api.cypher<{ op: string }>('MATCH (a:AuditEntry {targetId: $id}) RETURN a.operation AS op', { id: p.id });
      expect(audit.map((a) => a.op)).toEqual(['createPerson']);
    });

    it('updates fields and consent, auditing consent changes', async () => {
      const p = await person(t.sales1, { name: '周杰' });
      const res = await api.gql<{ updatePerson: { city: string; contactConsent: boolean } }>(
        `mutation ($id: ID!) { updatePerson(id: $id, input: { city: "杭州", contactConsent: true }) { city contactConsent } }`,
        { id: p.id },
        t.manager1,
      );
      expect(res.data!.updatePerson).toEqual({ city: '杭州', contactConsent: true });
      const [row] = await api.cypher('MATCH (p:Person {id: $id}) RETURN p.city AS city, p.contactConsent AS c', { id: p.id });
      expect(row).toEqual({ city: '杭州', c: true });
      const audit = await api.cypher<{ op: string; details: string }>(
        'MATCH (a:AuditEntry {targetId: $id}) RETURN a.operation AS op, a.details AS details ORDER BY a.at',
        { id: p.id },
      );
      expect(audit.map((a) => a.op)).toEqual(['createPerson', 'updatePerson+consent']);
      expect(JSON.parse(audit[1]!.details)).toMatchObject({ contactConsent: true });
    });

    it('shows who gave or changed the consents and when, newest first, to the store and admins only', async () => {
      const p = await person(t.sales1, { name: '郑爽', shareConsent: false, contactConsent: true });
      const set = `mutation ($id: ID!, $s: Boolean!, $c: Boolean!) { setConsent(id: $id, shareConsent: $s, contactConsent: $c) { id } }`;
      expect((await api.gql(set, { id: p.id, s: true, c: true }, t.manager1)).errors).toBeUndefined();
      expect((await api.gql(set, { id: p.id, s: true, c: false }, t.sales1)).errors).toBeUndefined();
      // a change that is not about consent stays out
      await api.gql(`mutation ($id: ID!) { updatePerson(id: $id, input: { city: "宁波" }) { id } }`, { id: p.id }, t.sales1);
      const HISTORY = `query ($id: ID!) { consentHistory(personId: $id) { at by operation shareConsent contactConsent } }`;
      const res = await api.gql<{ consentHistory: { at: string; by: string | null; operation: string; shareConsent: boolean | null; contactConsent: boolean | null }[] }>(
        HISTORY,
        { id: p.id },
        t.sales1,
      );
      expect(res.errors).toBeUndefined();
      const h = res.data!.consentHistory;
      expect(h.map((x) => [x.operation, x.shareConsent, x.contactConsent])).toEqual([
        ['setConsent', true, false],
        ['setConsent', true, true],
        ['createPerson', false, true],
      ]);
      // newest first, as stored
      const stored = await api.cypher<{ at: string }>(
        `MATCH (a:AuditEntry {targetId: $id}) WHERE a.operation IN ['createPerson', 'setConsent'] RETURN toString(a.at) AS at ORDER BY a.at DESC`,
        { id: p.id },
      );
      expect(h.map((x) => x.at)).toEqual(stored.map((x) => x.at));
      expect((await api.gql<{ consentHistory: unknown[] }>(HISTORY, { id: p.id }, t.admin)).data!.consentHistory).toHaveLength(3);
      expect((await api.gql(HISTORY, { id: p.id }, t.sales2)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect((await api.gql(HISTORY, { id: p.id }, t.marketing)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('stores a symmetric tie once and reads it from both sides; a second add changes nothing', async () => {
      const a = await person(t.sales1, { name: '刘洋' });
      const b = await person(t.sales1, { name: '刘洋妻' });
      const add = `mutation ($i: TieInput!) { addTie(input: $i) { fromId toId kind strength created } }`;
      const first = await api.gql<{ addTie: { created: boolean; strength: number } }>(add, { i: { fromId: a.id, toId: b.id, kind: 'FAMILY', strength: 0.9 } }, t.sales1);
      expect(first.data!.addTie).toMatchObject({ created: true, strength: 0.9 });
      const again = await api.gql<{ addTie: { created: boolean } }>(add, { i: { fromId: b.id, toId: a.id, kind: 'FAMILY', strength: 0.2 } }, t.sales1);
      expect(again.data!.addTie).toMatchObject({ created: false });
      const rows = await api.cypher<{ n: number; s: number }>(
        'MATCH (:Person {id: $a})-[r:FAMILY]-(:Person {id: $b}) RETURN count(r) AS n, max(r.strength) AS s',
        { a: a.id, b: b.id },
      );
      expect(rows[0]).toEqual({ n: 1, s: 0.9 });
      const read = await api.gql<{ people: { family: { id: string }[] }[] }>(
        `query ($id: ID!) { people(where: { id: { eq: $id } }) { family { id } } }`,
        { id: b.id },
        t.sales1,
      );
      expect(read.data!.people[0]!.family.map((f) => f.id)).toEqual([a.id]);
    });

    it('updates and removes a tie', async () => {
      const a = await person(t.sales1, { name: '顾问' });
      const b = await person(t.sales1, { name: '买家' });
      await api.gql(`mutation ($i: TieInput!) { addTie(input: $i) { kind } }`, { i: { fromId: a.id, toId: b.id, kind: 'ADVISES' } }, t.sales1);
      const upd = await api.gql<{ updateTie: { strength: number } }>(
        `mutation ($i: TieInput!) { updateTie(input: $i) { strength } }`,
        { i: { fromId: a.id, toId: b.id, kind: 'ADVISES', strength: 0.8 } },
        t.sales1,
      );
      expect(upd.data!.updateTie.strength).toBe(0.8);
      // ADVISES is directed: the reverse does not exist
      const wrongWay = await api.gql(`mutation ($a: ID!, $b: ID!) { removeTie(fromId: $b, toId: $a, kind: ADVISES) }`, { a: a.id, b: b.id }, t.sales1);
      expect(wrongWay.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const del = await api.gql<{ removeTie: boolean }>(`mutation ($a: ID!, $b: ID!) { removeTie(fromId: $a, toId: $b, kind: ADVISES) }`, { a: a.id, b: b.id }, t.sales1);
      expect(del.data!.removeTie).toBe(true);
      const rows = await api.cypher<{ n: number }>('MATCH (:Person {id: $a})-[r]-() RETURN count(r) AS n', { a: a.id });
      expect(rows[0]!.n).toBe(0);
    });

    it('records a visit with an existing and a new companion and proposes their ties', async () => {
      const prospect = await person(t.sales1, { name: '马骏' });
      const friend = await person(t.sales1, { name: '马骏的朋友' });
      const res = await api.gql<{ recordVisit: { id: string; companions: { personId: string; role: string; created: boolean }[]; proposedTies: { fromId: string; toId: string; kind: string; confirmed: boolean }[] } }>(
        `mutation ($i: VisitInput!) { recordVisit(input: $i) { id companions { personId role created } proposedTies { fromId toId kind confirmed } } }`,
        { i: { prospectId: prospect.id, date: '2025-06-01', kind: 'TEST_DRIVE', companions: [{ personId: friend.id, role: 'FRIEND' }, { newPerson: { name: '马太太', phone: '13700001111' }, role: 'SPOUSE' }] } },
        t.sales1,
      );
      expect(res.errors).toBeUndefined();
      const v = res.data!.recordVisit;
      const spouse = v.companions.find((c) => c.role === 'SPOUSE')!;
      expect(spouse.created).toBe(true);
      expect(v.proposedTies).toEqual(
        expect.arrayContaining([
          { fromId: friend.id, toId: prospect.id, kind: 'FRIEND', confirmed: false },
          { fromId: spouse.personId, toId: prospect.id, kind: 'FAMILY', confirmed: false },
        ]),
      );
      const rows = await api.cypher<{ role: string; d: string }>(
        `MATCH (:Person {id: $p})-[:MADE_VISIT]->(v:Visit {id: $v})<-[a:ACCOMPANIED]-(c:Person)
         RETURN a.role AS role, c.dealershipId AS d ORDER BY role`,
        { p: prospect.id, v: v.id },
      );
      expect(rows).toEqual([
        { role: 'FRIEND', d: d1 },
        { role: 'SPOUSE', d: d1 },
      ]);
    });
  });

  describe('consent and masking', () => {
    it('masks phones for marketing and analysts and hides names without share consent', async () => {
      const open = await person(t.sales1, { name: `公开${uid()}`, phone: '13812341234', shareConsent: true });
      const closed = await person(t.sales1, { name: `保密${uid()}`, phone: '13912349876' });
      const q = `query ($ids: [ID!]!) { people(where: { id: { in: $ids } }, sort: [{ createdAt: ASC }]) { id name phone } }`;
      for (const token of [t.marketing, t.analyst]) {
        const res = await api.gql<{ people: { id: string; name: string; phone: string | null }[] }>(q, { ids: [open.id, closed.id] }, token);
        const byId = Object.fromEntries(res.data!.people.map((p) => [p.id, p]));
        expect(byId[open.id]!.phone).toBe('+86138****1234');
        expect(byId[open.id]!.name).toMatch(/^公开/);
        expect(byId[closed.id]!.name).toBe('匿名联系人');
        expect(byId[closed.id]!.phone).toBeNull();
      }
      const own = await api.gql<{ people: { id: string; name: string; phone: string }[] }>(q, { ids: [open.id, closed.id] }, t.sales1);
      expect(own.data!.people.map((p) => p.phone).sort()).toEqual(['+8613812341234', '+8613912349876']);
      // filtering on the real name must not reveal it either
      const probe = await api.gql<{ people: unknown[] }>(
        `query ($n: String!) { people(where: { name: { startsWith: $n } }) { id } }`,
        { n: '保密' },
        t.marketing,
      );
      expect(JSON.stringify(probe.data)).not.toContain(closed.id);
    });

    it('filters related people of another dealership out of a traversal', async () => {
      const mine = await person(t.sales1, { name: '本店客户' });
      const theirs = await person(t.sales2, { name: '他店客户' });
      await api.cypher(
        `MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[:FRIEND {strength: 0.5, source: 'MANUAL', confirmed: true}]->(b)`,
        { a: mine.id, b: theirs.id },
      );
      const res = await api.gql<{ people: { friends: { id: string }[] }[] }>(
        `query ($id: ID!) { people(where: { id: { eq: $id } }) { friends { id } } }`,
        { id: mine.id },
        t.sales1,
      );
      expect(res.data!.people[0]!.friends).toEqual([]);
      const analyst = await api.gql<{ people: { friends: { id: string; name: string }[] }[] }>(
        `query ($id: ID!) { people(where: { id: { eq: $id } }) { friends { id name } } }`,
        { id: mine.id },
        t.analyst,
      );
      expect(analyst.data!.people[0]!.friends).toEqual([{ id: theirs.id, name: '匿名联系人' }]);
    });

    it('answers relationship filters some and none correctly (7.6.3 is the newest served; none had a bug before 7.6.4)', async () => {
      const a = await person(t.sales1, { name: '有朋友' });
      const b = await person(t.sales1, { name: '朋友' });
      const c = await person(t.sales1, { name: '没朋友' });
      await api.gql(`mutation ($i: TieInput!) { addTie(input: $i) { kind } }`, { i: { fromId: a.id, toId: b.id, kind: 'FRIEND' } }, t.sales1);
      const q = (op: string) =>
        api.gql<{ people: { id: string }[] }>(
          `query ($ids: [ID!]!, $b: ID!) { people(where: { id: { in: $ids }, friends: { ${op}: { id: { eq: $b } } } }) { id } }`,
          { ids: [a.id, c.id], b: b.id },
          t.manager1,
        );
      expect((await q('some')).data!.people.map((p) => p.id)).toEqual([a.id]);
      expect((await q('none')).data!.people.map((p) => p.id)).toEqual([c.id]);
    });

    it('searches by name and phone within what the viewer may see', async () => {
      const tag = uid('搜').replace(/[^a-z0-9]/gi, '');
      const p = await person(t.sales1, { name: `欧阳${tag}`, phone: '13655501234', shareConsent: false });
      const byName = await api.gql<{ searchPeople: { id: string }[] }>(`query ($q: String!) { searchPeople(query: $q) { id name } }`, { q: `欧阳${tag}` }, t.sales1);
      expect(byName.data!.searchPeople.map((h) => h.id)).toContain(p.id);
      const byPhone = await api.gql<{ searchPeople: { id: string; phone: string }[] }>(`query ($q: String!) { searchPeople(query: $q) { id phone } }`, { q: '136 5550 1234' }, t.sales1);
      expect(byPhone.data!.searchPeople.map((h) => h.id)).toContain(p.id);
      for (const token of [t.sales2, t.marketing]) {
        const other = await api.gql<{ searchPeople: { id: string }[] }>(`query ($q: String!) { searchPeople(query: $q) { id } }`, { q: '13655501234' }, token);
        expect(other.data!.searchPeople.map((h) => h.id)).not.toContain(p.id);
      }
      const hostile = await api.gql<{ searchPeople: unknown[] }>(`query ($q: String!) { searchPeople(query: $q) { id } }`, { q: '"}) MATCH (n) DETACH DELETE n // AND OR ~*' }, t.sales1);
      expect(hostile.errors).toBeUndefined();
    });
  });

  describe('merge and erase', () => {
    it('merges a duplicate, moving ties, visits and purchases, combining shared ties', async () => {
      const keep = await person(t.sales1, { name: '黄磊', shareConsent: true });
      const drop = await person(t.sales1, { name: '黄磊(重复)', phone: '13511112222', shareConsent: false });
      const friend = await person(t.sales1, { name: '共同朋友' });
      const other = await person(t.sales1, { name: '只认识重复记录的人' });
      const sale = uid('sale');
      await api.cypher(
        `MATCH (k:Person {id: $k}), (d:Person {id: $d}), (f:Person {id: $f}), (o:Person {id: $o})
         CREATE (k)-[:FRIEND {strength: 0.3, confirmed: false}]->(f), (f)-[:FRIEND {strength: 0.7, confirmed: true}]->(d),
                (o)-[:ADVISES {strength: 0.5}]->(d), (k)-[:COLLEAGUE {strength: 0.5}]->(d),
                (d)-[:BOUGHT]->(:Sale {id: $sale, price: 100000.0, date: date('2024-01-01'), dealershipId: $d1}),
                (d)-[:WROTE]->(:Testimonial {id: $sale + '-t', text: '好', rating: 5, date: date('2024-01-05'), status: 'DRAFT', dealershipId: $d1})
         SET d:TestimonialAuthor`,
        { k: keep.id, d: drop.id, f: friend.id, o: other.id, sale, d1 },
      );
      const res = await api.gql<{ mergePeople: { moved: { type: string; count: number }[]; tiesCombined: number; selfTiesDropped: number; fieldsFilled: string[]; consentNarrowed: string[] } }>(
        `mutation ($k: ID!, $d: ID!) { mergePeople(keepId: $k, dropId: $d) { moved { type count } tiesCombined selfTiesDropped fieldsFilled consentNarrowed } }`,
        { k: keep.id, d: drop.id },
        t.sales1,
      );
      expect(res.errors).toBeUndefined();
      const r = res.data!.mergePeople;
      expect(r.tiesCombined).toBe(1);
      expect(r.selfTiesDropped).toBe(1);
      expect(r.fieldsFilled).toEqual(['phone']);
      expect(r.consentNarrowed).toEqual(['shareConsent']);
      expect(r.moved).toEqual(expect.arrayContaining([{ type: 'FRIEND', count: 1 }, { type: 'ADVISES', count: 1 }, { type: 'BOUGHT', count: 1 }]));
      const [state] = await api.cypher(
        `MATCH (k:Person {id: $k})
         RETURN EXISTS { MATCH (:Person {id: $d}) } AS dropExists, k.phone AS phone, k.shareConsent AS share,
                [(k)-[r:FRIEND]-(:Person {id: $f}) | [r.strength, r.confirmed]] AS friendTies,
                EXISTS { (:Person {id: $o})-[:ADVISES]->(k) } AS advised,
                EXISTS { (k)-[:BOUGHT]->(:Sale {id: $sale}) } AS bought,
                COUNT { (k)-[:COLLEAGUE]-() } AS selfTies,
                EXISTS { (k)-[:WROTE]->(:Testimonial {id: $sale + '-t'}) } AND k:TestimonialAuthor AS authorLabelled`,
        { k: keep.id, d: drop.id, f: friend.id, o: other.id, sale },
      );
      expect(state).toEqual({ dropExists: false, phone: '+8613511112222', share: false, friendTies: [[0.7, true]], advised: true, bought: true, selfTies: 0, authorLabelled: true });
    });

    it('erases personal data and ties, keeps the sale anonymous and audits who erased whom', async () => {
      const p = await person(t.sales1, { name: '要删除的人', phone: '13322223333', shareConsent: true });
      const f = await person(t.sales1, { name: '朋友' });
      const sale = uid('sale');
      await api.cypher(
        `MATCH (p:Person {id: $p}), (f:Person {id: $f})
         CREATE (p)-[:FRIEND {strength: 0.5}]->(f), (p)-[:BOUGHT]->(:Sale {id: $sale, price: 200000.0, date: date('2023-03-03'), dealershipId: $d1})`,
        { p: p.id, f: f.id, sale, d1 },
      );
      const adminSub = uid('admin');
      const adminToken = await tokenFor(api.config, { role: 'admin', sub: adminSub });
      const res = await api.gql<{ erasePerson: { tiesRemoved: number; salesKept: number } }>(
        `mutation ($id: ID!) { erasePerson(id: $id) { tiesRemoved salesKept } }`,
        { id: p.id },
        adminToken,
      );
      expect(res.data!.erasePerson).toEqual({ tiesRemoved: 1, salesKept: 1 });
      const [row] = await api.cypher(
        `MATCH (p:Person {id: $id}) RETURN p.name AS name, p.phone AS phone, p.erasedAt IS NOT NULL AS erased,
                COUNT { (p)-[:FRIEND]-() } AS ties, EXISTS { (p)-[:BOUGHT]->(:Sale {id: $sale, price: 200000.0}) } AS sale`,
        { id: p.id, sale },
      );
      expect(row).toEqual({ name: null, phone: null, erased: true, ties: 0, sale: true });
      const audit = await api.cypher('MATCH (a:AuditEntry {targetId: $id, operation: "erasePerson"}) RETURN a.userId AS who', { id: p.id });
      expect(audit).toEqual([{ who: adminSub }]);
      const again = await api.gql(`mutation ($id: ID!) { erasePerson(id: $id) { id } }`, { id: p.id }, adminToken);
      expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });
});
