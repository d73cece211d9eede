import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../server/domain.js';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';

/*
 * The role x operation matrix on the generated API and the person/tie mutations, on a hand-built graph of two
 * dealerships. Expected answers are worked out here from the rules in docs/model.md, not read back from the API:
 * every denied case is denied, every masked field stays masked, also through nested fields and filters.
 */

type Who = 'sales1' | 'manager1' | 'sales2' | 'marketing' | 'analyst' | 'admin';
const WHO: Who[] = ['sales1', 'manager1', 'sales2', 'marketing', 'analyst', 'admin'];
const GROUP_READERS: Role[] = ['marketing', 'analyst', 'admin'];
const MASKED_NAME = '匿名联系人';

interface PersonFixture {
  id: string;
  name: string;
  phone: string;
  notes: string;
  dealershipId: string;
  shareConsent: boolean;
}

describe('role x operation matrix', () => {
  let api: TestApi;
  const P = uid('mx');
  const D1 = `${P}-d1`;
  const D2 = `${P}-d2`;
  const viewers: Record<Who, { role: Role; dealershipId: string | null; userId: string; token: string }> = {} as never;
  const people: Record<'a1' | 'a2' | 'b1' | 'b2', PersonFixture> = {
    a1: { id: `${P}-a1`, name: `甲一${P}`, phone: '+8613811110001', notes: 'a1 私密备注', dealershipId: D1, shareConsent: true },
    a2: { id: `${P}-a2`, name: `甲二${P}`, phone: '+8613811110002', notes: 'a2 私密备注', dealershipId: D1, shareConsent: false },
    b1: { id: `${P}-b1`, name: `乙一${P}`, phone: '+8613822220001', notes: 'b1 私密备注', dealershipId: D2, shareConsent: true },
    b2: { id: `${P}-b2`, name: `乙二${P}`, phone: '+8613822220002', notes: 'b2 私密备注', dealershipId: D2, shareConsent: false },
  };
  const allPeople = Object.values(people);
  // records scoped by dealership: two of each kind, one per store
  const scoped = {
    sales: { a: `${P}-sa`, b: `${P}-sb` },
    visits: { a: `${P}-va`, b: `${P}-vb` },
    testimonials: { a: `${P}-ta`, b: `${P}-tb` },
    followUps: { a: `${P}-fa`, b: `${P}-fb` },
    serviceRecords: { a: `${P}-ra`, b: `${P}-rb` },
    interactions: { a: `${P}-ia`, b: `${P}-ib` },
    people: { a: people.a1.id, b: people.b2.id },
  } as const;

  const gql = <T = Record<string, unknown>>(who: Who | 'anonymous', query: string, variables: Record<string, unknown> = {}) =>
    api.gql<T>(query, variables, who === 'anonymous' ? undefined : viewers[who].token);

  /** What `who` must see of a person, worked out from the rules. */
  function expected(who: Who, p: PersonFixture) {
    const v = viewers[who];
    const same = v.dealershipId === p.dealershipId;
    const named = p.shareConsent || v.role === 'admin' || same;
    const phone = !named ? null : v.role === 'marketing' || v.role === 'analyst' ? `${p.phone.slice(0, 6)}****${p.phone.slice(-4)}` : p.phone;
    return { name: named ? p.name : MASKED_NAME, phone, notes: v.role === 'admin' || same ? p.notes : null };
  }
  const canRead = (who: Who, dealershipId: string) =>
    GROUP_READERS.includes(viewers[who].role) || viewers[who].dealershipId === dealershipId;

  /** Everything of dealership 2 as Cypher sees it: must not move when others try to write it. */
  const fingerprint = async (d: string) =>
    JSON.stringify(
      await api.cypher(
        `MATCH (n {dealershipId: $d}) OPTIONAL MATCH (n)-[r]-(m)
         WITH n, r, m ORDER BY n.id, type(r), m.id
         RETURN n.id AS id, properties(n) AS props, collect([type(r), m.id, properties(r)]) AS rels ORDER BY id`,
        { d },
      ),
    );

  beforeAll(async () => {
    api = await startTestApi();
    const roles: [Who, Role, string | null][] = [
      ['sales1', 'salesperson', D1],
      ['manager1', 'manager', D1],
      ['sales2', 'salesperson', D2],
      ['marketing', 'marketing', null],
      ['analyst', 'analyst', null],
      ['admin', 'admin', null],
    ];
    for (const [who, role, dealershipId] of roles) {
      const userId = `${P}-u-${who}`;
      await api.cypher(
        `CREATE (:User {id: $id, username: $id, displayName: $id, role: toUpper($role), dealershipId: $d, disabled: false,
                        passwordHash: 'x', createdAt: datetime()})`,
        { id: userId, role, d: dealershipId },
      );
      viewers[who] = { role, dealershipId, userId, token: await tokenFor(api.config, { role, dealershipId, sub: userId, username: userId }) };
    }
    await api.cypher(
      `UNWIND $people AS p
       CREATE (x:Person {id: p.id, name: p.name, phone: p.phone, notes: p.notes, dealershipId: p.dealershipId,
                         shareConsent: p.shareConsent, contactConsent: true, kind: 'BUYER', createdAt: datetime()})`,
      { people: allPeople },
    );
    await api.cypher(
      `MATCH (a1:Person {id: $P + '-a1'}), (a2:Person {id: $P + '-a2'}), (b1:Person {id: $P + '-b1'}), (b2:Person {id: $P + '-b2'})
       CREATE (d1:Dealership {id: $P + '-d1', name: $P + ' 店一', brands: []}), (d2:Dealership {id: $P + '-d2', name: $P + ' 店二', brands: []}),
              (vm:VehicleModel {id: $P + '-vm', brand: '比亚迪', model: $P, basePrice: 100000.0}),
              (a1)-[:FRIEND {strength: 0.7, source: 'MANUAL', confirmed: true}]->(b2),
              (a2)-[:FAMILY {strength: 0.9, source: 'MANUAL', confirmed: true}]->(b1),
              (b1)-[:ADVISES {strength: 0.5, source: 'CALL', confirmed: true}]->(a1),
              (a1)-[:BOUGHT]->(sa:Sale {id: $P + '-sa', vin: $P + 'A', price: 1.0, date: date('2023-01-01'), dealershipId: $P + '-d1', createdAt: datetime()})-[:OF_MODEL]->(vm),
              (b2)-[:BOUGHT]->(sb:Sale {id: $P + '-sb', vin: $P + 'B', price: 2.0, date: date('2023-01-02'), dealershipId: $P + '-d2', createdAt: datetime()})-[:OF_MODEL]->(vm),
              (a2)-[:MADE_VISIT]->(va:Visit {id: $P + '-va', date: date('2024-01-01'), kind: 'SHOWROOM', dealershipId: $P + '-d1'}),
              (b2)-[:ACCOMPANIED {role: 'FRIEND'}]->(va),
              (b1)-[:MADE_VISIT]->(:Visit {id: $P + '-vb', date: date('2024-01-02'), kind: 'TEST_DRIVE', dealershipId: $P + '-d2'}),
              (a1)-[:WROTE]->(:Testimonial {id: $P + '-ta', text: '好', rating: 5, date: date('2023-02-01'), consentToPublish: true, consentToBeCalled: true, status: 'PUBLISHED', dealershipId: $P + '-d1'})-[:ABOUT]->(sa),
              (b2)-[:WROTE]->(:Testimonial {id: $P + '-tb', text: '好', rating: 4, date: date('2023-02-02'), consentToPublish: true, consentToBeCalled: false, status: 'PUBLISHED', dealershipId: $P + '-d2'})-[:ABOUT]->(sb),
              (:FollowUp {id: $P + '-fa', dueDate: date('2023-01-08'), status: 'OPEN', dealershipId: $P + '-d1'})-[:FOLLOWS_UP]->(sa),
              (:FollowUp {id: $P + '-fb', dueDate: date('2023-01-09'), status: 'OPEN', dealershipId: $P + '-d2'})-[:FOLLOWS_UP]->(sb),
              (sa)-[:SERVICED]->(:ServiceRecord {id: $P + '-ra', date: date('2024-01-01'), kind: 'REPAIR', dealershipId: $P + '-d1'}),
              (sb)-[:SERVICED]->(:ServiceRecord {id: $P + '-rb', date: date('2024-01-01'), kind: 'REPAIR', dealershipId: $P + '-d2'}),
              (a1)-[:HAD]->(:Interaction {id: $P + '-ia', date: date('2024-01-01'), kind: 'CALL', dealershipId: $P + '-d1'}),
              (b2)-[:HAD]->(:Interaction {id: $P + '-ib', date: date('2024-01-01'), kind: 'CALL', dealershipId: $P + '-d2'}),
              (:AuditEntry {id: $P + '-ae', at: datetime(), userId: 'x', username: 'x', operation: 'createPerson', targetType: 'Person', targetId: $P + '-a1', dealershipId: $P + '-d1'}),
              (:AuditEntry {id: $P + '-ae2', at: datetime(), userId: 'x', username: 'x', operation: 'createPerson', targetType: 'Person', targetId: $P + '-b1', dealershipId: $P + '-d2'})`,
      { P },
    );
  });
  afterAll(async () => {
    await api.stop();
  });

  describe('denied first', () => {
    it('refuses every read and write without a token', async () => {
      for (const [type] of Object.entries(scoped)) {
        const r = await gql('anonymous', `{ ${type}(limit: 1) { id } }`);
        expect(r.errors?.[0]?.extensions?.code, type).toBe('UNAUTHENTICATED');
        expect(r.data?.[type as never] ?? null).toBeNull();
      }
      for (const q of ['{ users { id } }', '{ auditEntries { id } }', '{ dealerships { id } }', '{ vehicleModels { id } }', '{ me { id } }']) {
        expect((await gql('anonymous', q)).errors?.[0]?.extensions?.code, q).toBe('UNAUTHENTICATED');
      }
      const w = await gql('anonymous', `mutation { createDealerships(input: [{ name: "${P} anon", brands: [] }]) { dealerships { id } } }`);
      expect(w.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await api.cypher('MATCH (d:Dealership {name: $n}) RETURN d', { n: `${P} anon` })).toEqual([]);
    });

    it('lets only admins write dealerships and vehicle models (generated mutations)', async () => {
      for (const who of WHO) {
        const admin = who === 'admin';
        const d = await gql(who, `mutation ($n: String!) { createDealerships(input: [{ name: $n, brands: [] }]) { dealerships { id } } }`, {
          n: `${P} new ${who}`,
        });
        const m = await gql(who, `mutation ($m: String!) { createVehicleModels(input: [{ brand: "x", model: $m }]) { vehicleModels { id } } }`, {
          m: `${P} new ${who}`,
        });
        const u = await gql(who, `mutation ($id: ID!) { updateDealerships(where: { id: { eq: $id } }, update: { name: { set: "hacked" } }) { dealerships { id } } }`, {
          id: D2,
        });
        const uv = await gql(who, `mutation ($id: ID!) { updateVehicleModels(where: { id: { eq: $id } }, update: { basePrice: { set: 1 } }) { vehicleModels { id } } }`, {
          id: `${P}-vm`,
        });
        for (const [what, r] of Object.entries({ d, m, u, uv })) {
          if (admin) expect(r.errors, `${who} ${what}`).toBeUndefined();
          else expect(r.errors?.[0]?.extensions?.code, `${who} ${what}`).toBe('FORBIDDEN');
        }
        const created = await api.cypher<{ n: number }>(
          'MATCH (x) WHERE (x:Dealership AND x.name = $n) OR (x:VehicleModel AND x.model = $n) RETURN count(x) AS n',
          { n: `${P} new ${who}` },
        );
        expect(created[0]!.n, who).toBe(admin ? 2 : 0);
        if (!admin) {
          const [row] = await api.cypher<{ name: string; price: number }>(
            'MATCH (d:Dealership {id: $d}), (m:VehicleModel {id: $m}) RETURN d.name AS name, m.basePrice AS price',
            { d: D2, m: `${P}-vm` },
          );
          expect(row, who).toEqual({ name: `${P} 店二`, price: 100000 });
        }
      }
      // deleting: everyone but the admin is refused and the record stays
      for (const who of WHO) {
        const id = `${P}-del-${who}`;
        await api.cypher('CREATE (:Dealership {id: $id, name: $id, brands: []}), (:VehicleModel {id: $id, brand: "x", model: $id})', { id });
        const a = await gql(who, 'mutation ($id: ID!) { deleteDealerships(where: { id: { eq: $id } }) { nodesDeleted } }', { id });
        const b = await gql(who, 'mutation ($id: ID!) { deleteVehicleModels(where: { id: { eq: $id } }) { nodesDeleted } }', { id });
        const left = await api.cypher<{ n: number }>('MATCH (x {id: $id}) RETURN count(x) AS n', { id });
        if (who === 'admin') {
          expect([a.errors, b.errors]).toEqual([undefined, undefined]);
          expect(left[0]!.n).toBe(0);
        } else {
          expect([a.errors?.[0]?.extensions?.code, b.errors?.[0]?.extensions?.code], who).toEqual(['FORBIDDEN', 'FORBIDDEN']);
          expect(left[0]!.n, who).toBe(2);
        }
      }
    });

    it('refuses cross-dealership and read-only writes through the person, tie, visit and sale mutations', async () => {
      const { a1, a2, b1, b2 } = people;
      const attempts: [string, string, Record<string, unknown>][] = [
        ['updatePerson', 'mutation ($id: ID!) { updatePerson(id: $id, input: { name: "改名", notes: "x" }) { id } }', { id: b1.id }],
        ['setConsent', 'mutation ($id: ID!) { setConsent(id: $id, shareConsent: true, contactConsent: true) { id } }', { id: b2.id }],
        ['addTie', 'mutation ($f: ID!, $t: ID!) { addTie(input: { fromId: $f, toId: $t, kind: FRIEND, strength: 0.5 }) { kind } }', { f: b1.id, t: b2.id }],
        ['addTie to theirs', 'mutation ($f: ID!, $t: ID!) { addTie(input: { fromId: $f, toId: $t, kind: COLLEAGUE, strength: 0.5 }) { kind } }', { f: a1.id, t: b1.id }],
        ['updateTie', 'mutation ($f: ID!, $t: ID!) { updateTie(input: { fromId: $f, toId: $t, kind: FAMILY, strength: 0.1 }) { kind } }', { f: b1.id, t: a2.id }],
        ['removeTie', 'mutation ($f: ID!, $t: ID!) { removeTie(fromId: $f, toId: $t, kind: ADVISES) }', { f: b1.id, t: a1.id }],
        ['recordVisit', 'mutation ($id: ID!) { recordVisit(input: { prospectId: $id, date: "2024-05-01" }) { __typename } }', { id: b1.id }],
        ['recordInteraction', 'mutation ($id: ID!) { recordInteraction(personId: $id, kind: "CALL", date: "2024-05-01") }', { id: b2.id }],
        ['recordReferral', 'mutation ($f: ID!, $t: ID!) { recordReferral(referrerId: $f, refereeId: $t, date: "2024-05-01") { created } }', { f: b1.id, t: b2.id }],
        ['recordReferral to theirs', 'mutation ($f: ID!, $t: ID!) { recordReferral(referrerId: $f, refereeId: $t) { created } }', { f: a1.id, t: b1.id }],
        ['mergePeople', 'mutation ($k: ID!, $d: ID!) { mergePeople(keepId: $k, dropId: $d) { __typename } }', { k: b1.id, d: b2.id }],
        ['mergePeople across', 'mutation ($k: ID!, $d: ID!) { mergePeople(keepId: $k, dropId: $d) { __typename } }', { k: a1.id, d: b1.id }],
        ['erasePerson', 'mutation ($id: ID!) { erasePerson(id: $id) { __typename } }', { id: b2.id }],
        ['exportPersonalData', 'mutation ($id: ID!) { exportPersonalData(personId: $id) { generatedAt } }', { id: b2.id }],
        ['recordSale', 'mutation ($id: ID!) { recordSale(input: { buyerId: $id, price: 100000, vin: "LGXCE4CB0N0123456", brand: "比亚迪", model: "汉" }) { __typename } }', { id: b1.id }],
        ['setTestimonialStatus', 'mutation ($id: ID!) { setTestimonialStatus(id: $id, status: WITHDRAWN) { __typename } }', { id: scoped.testimonials.b }],
        ['completeFollowUp', 'mutation ($id: ID!) { completeFollowUp(id: $id, outcome: REACHED, feedback: "x") { __typename } }', { id: scoped.followUps.b }],
      ];
      const before = { d1: await fingerprint(D1), d2: await fingerprint(D2) };
      const unexpected: string[] = [];
      for (const who of ['sales1', 'manager1', 'marketing', 'analyst'] as const) {
        for (const [name, query, variables] of attempts) {
          const r = await gql(who, query, variables);
          const code = r.errors?.[0]?.extensions?.code;
          // forbidden, or not found because it is invisible to them (recordSale says so as a bad buyerId); never done
          const notFound = code === 'NOT_FOUND' || (code === 'BAD_USER_INPUT' && /^No such/.test(String(r.errors?.[0]?.message)));
          if (code !== 'FORBIDDEN' && !notFound) unexpected.push(`${who} ${name}: ${code ?? 'succeeded'} ${r.errors?.[0]?.message ?? ''}`);
        }
      }
      expect(unexpected).toEqual([]);
      expect(await fingerprint(D2)).toBe(before.d2);
      expect(await fingerprint(D1)).toBe(before.d1);
      for (const who of ['sales1', 'manager1', 'sales2', 'marketing', 'analyst'] as const) {
        const c = await gql(who, `mutation { createUser(input: { username: "${P}-${who}", password: "long-enough-pw", displayName: "x", role: "admin" }) { id } }`);
        expect(c.errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
        const u = await gql(who, 'mutation ($id: ID!) { updateUser(id: $id, input: { role: "admin" }) { id } }', { id: viewers[who].userId });
        expect(u.errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
      }
      expect(await api.cypher(`MATCH (u:User) WHERE u.username STARTS WITH $p AND u.role = 'ADMIN' RETURN u.id AS id`, { p: `${P}-` })).toEqual([
        { id: viewers.admin.userId },
      ]);
    });
  });

  describe('reads', () => {
    it.each(Object.keys(scoped))('%s: each role sees exactly its dealerships, in lists, connections and counts', async (type) => {
      const { a, b } = scoped[type as keyof typeof scoped];
      const conn = `${type}Connection`;
      for (const who of WHO) {
        const r = await gql<Record<string, unknown>>(
          who,
          `query ($ids: [ID!]!) {
             list: ${type}(where: { id: { in: $ids } }, sort: [{ id: ASC }]) { id }
             conn: ${conn}(where: { id: { in: $ids } }) { totalCount aggregate { count { nodes } } edges { node { id } } }
           }`,
          { ids: [a, b] },
        );
        expect(r.errors, `${who} ${type}`).toBeUndefined();
        const want = [a, b].filter((id) => canRead(who, id === a ? D1 : D2));
        const list = (r.data!.list as { id: string }[]).map((x) => x.id);
        const c = r.data!.conn as { totalCount: number; aggregate: { count: { nodes: number } }; edges: { node: { id: string } }[] };
        expect(list, `${who} ${type}`).toEqual(want);
        expect(c.edges.map((e) => e.node.id).sort(), `${who} ${type}`).toEqual(want);
        expect([c.totalCount, c.aggregate.count.nodes], `${who} ${type} counts`).toEqual([want.length, want.length]);
      }
    });

    it('users: admins see all, managers their store and themselves, everyone else only themselves', async () => {
      const ids = WHO.map((w) => viewers[w].userId);
      for (const who of WHO) {
        const r = await gql<{ users: { id: string }[] }>(who, 'query ($ids: [ID!]!) { users(where: { id: { in: $ids } }) { id } }', { ids });
        expect(r.errors).toBeUndefined();
        const v = viewers[who];
        const want = WHO.filter((w) => v.role === 'admin' || w === who || (v.role === 'manager' && viewers[w].dealershipId === v.dealershipId)).map(
          (w) => viewers[w].userId,
        );
        expect(r.data!.users.map((u) => u.id).sort(), who).toEqual(want.sort());
      }
    });

    it("audit entries: admins all, a store's manager their store's, no one else", async () => {
      const want: Record<Who, string[]> = {
        sales1: [],
        manager1: [`${P}-ae`],
        sales2: [],
        marketing: [],
        analyst: [],
        admin: [`${P}-ae`, `${P}-ae2`],
      };
      for (const who of WHO) {
        const r = await gql<{ auditEntries: { id: string }[] }>(
          who,
          'query ($ids: [ID!]!) { auditEntries(where: { id: { in: $ids } }, sort: [{ id: ASC }]) { id } }',
          { ids: [`${P}-ae`, `${P}-ae2`] },
        );
        expect(r.errors).toBeUndefined();
        expect(r.data!.auditEntries.map((e) => e.id), who).toEqual(want[who]);
      }
    });

    it('masks names, phones and notes for each role, at the top and through every relationship', async () => {
      const personFields = 'id name phone notes';
      const nested = ['friends', 'family', 'advisedBy', 'advises'].map((f) => `${f} { ${personFields} }`).join(' ');
      const ids = allPeople.map((p) => p.id);
      const byId = new Map(allPeople.map((p) => [p.id, p]));
      for (const who of WHO) {
        const r = await gql<{
          people: (Record<string, unknown> & { id: string })[];
          sales: { id: string; buyer: { id: string; name: string; phone: string | null }[] }[];
          visits: { id: string; visitor: { id: string; name: string }[]; companions: { id: string; name: string; phone: string | null }[] }[];
          testimonials: { id: string; author: { id: string; name: string; phone: string | null }[] }[];
        }>(
          who,
          `query ($ids: [ID!]!, $others: [ID!]!) {
             people(where: { id: { in: $ids } }) { ${personFields} ${nested} }
             sales(where: { id: { in: $others } }) { id buyer { id name phone } }
             visits(where: { id: { in: $others } }) { id visitor { id name } companions { id name phone } }
             testimonials(where: { id: { in: $others } }) { id author { id name phone } }
           }`,
          { ids, others: Object.values(scoped).flatMap((x) => [x.a, x.b]) },
        );
        expect(r.errors, who).toBeUndefined();
        const seen: { id: string; name?: unknown; phone?: unknown; notes?: unknown; via: string }[] = [];
        for (const p of r.data!.people) {
          seen.push({ ...(p as { id: string }), via: 'people' });
          for (const rel of ['friends', 'family', 'advisedBy', 'advises']) {
            for (const q of p[rel] as { id: string }[]) seen.push({ ...q, via: `people.${rel}` });
          }
        }
        for (const s of r.data!.sales) for (const q of s.buyer) seen.push({ ...q, via: 'sales.buyer' });
        for (const v of r.data!.visits) for (const q of [...v.visitor, ...v.companions]) seen.push({ ...q, via: 'visits' });
        for (const t of r.data!.testimonials) for (const q of t.author) seen.push({ ...q, via: 'testimonials.author' });
        expect(seen.length).toBeGreaterThan(0);
        for (const s of seen) {
          const p = byId.get(s.id)!;
          expect(canRead(who, p.dealershipId), `${who} must not reach ${s.id} via ${s.via}`).toBe(true);
          const want = expected(who, p);
          const got: Record<string, unknown> = { name: s.name };
          if ('phone' in s) got.phone = s.phone;
          if ('notes' in s) got.notes = s.notes;
          const sub = Object.fromEntries(Object.keys(got).map((k) => [k, want[k as keyof typeof want]]));
          expect(got, `${who} reading ${s.id} via ${s.via}`).toEqual(sub);
        }
        // the traversals did reach across dealerships for the group-wide roles
        if (GROUP_READERS.includes(viewers[who].role)) expect(seen.some((s) => s.id === people.b2.id && s.via !== 'people')).toBe(true);
      }
    });

    it('filters never become an oracle for masked values', async () => {
      const { a1, b2 } = people;
      for (const who of ['marketing', 'analyst', 'sales2'] as const) {
        const probes: [string, unknown][] = [
          ['phone eq (consented, masked)', { phone: { eq: a1.phone } }],
          ['phone contains hidden digits', { phone: { contains: a1.phone.slice(6, 10) } }],
          ['phone eq (no consent)', { phone: { eq: b2.phone } }],
          ['name eq (no consent)', { name: { eq: b2.name } }],
          ['name startsWith (no consent)', { name: { startsWith: b2.name.slice(0, 2) } }],
          ['notes contains', { notes: { contains: '私密' } }],
        ];
        for (const [what, where] of probes) {
          const r = await gql<{ people: { id: string }[] }>(who, 'query ($w: PersonWhere!, $ids: [ID!]!) { people(where: { AND: [$w, { id: { in: $ids } }] }) { id } }', {
            w: where,
            ids: allPeople.map((p) => p.id),
          });
          expect(r.errors, `${who} ${what}`).toBeUndefined();
          // a hit is only allowed where the viewer may see that value anyway
          const leaked = r.data!.people.filter((p) => {
            const person = allPeople.find((x) => x.id === p.id)!;
            const seen = expected(who, person);
            if (what.startsWith('phone')) return seen.phone !== person.phone;
            if (what.startsWith('name')) return seen.name !== person.name;
            return seen.notes !== person.notes;
          });
          expect(leaked.map((p) => p.id), `${who} ${what}`).toEqual([]);
        }
      }
    });

    it('search and person insights keep the same rules', async () => {
      const { b2, a2 } = people;
      for (const who of WHO) {
        for (const term of [b2.name, b2.phone, b2.phone.slice(3), a2.name]) {
          const r = await gql<{ searchPeople: { id: string; name: string; phone: string | null }[] }>(
            who,
            'query ($q: String!) { searchPeople(query: $q, first: 20) { id name phone } }',
            { q: term },
          );
          expect(r.errors, `${who} ${term}`).toBeUndefined();
          for (const hit of r.data!.searchPeople) {
            const p = allPeople.find((x) => x.id === hit.id);
            if (!p) continue;
            expect(canRead(who, p.dealershipId), `${who} found ${p.id}`).toBe(true);
            const want = expected(who, p);
            // a hit on a masked name or phone would confirm the hidden value
            expect(want.name === p.name || (term !== p.name && !term.includes(p.phone.slice(3))), `${who} search ${term} confirms ${p.id}`).toBe(true);
            expect({ name: hit.name, phone: hit.phone }, `${who} search ${term}`).toEqual({ name: want.name, phone: want.phone });
          }
        }
        const ins = await gql<{ personInsights: { id: string; name: string | null; displayName: string; masked: boolean }[] }>(
          who,
          'query ($ids: [ID!]!) { personInsights(ids: $ids) { id name displayName masked } }',
          { ids: allPeople.map((p) => p.id) },
        );
        expect(ins.errors, who).toBeUndefined();
        for (const x of ins.data!.personInsights) {
          const p = allPeople.find((y) => y.id === x.id)!;
          expect(canRead(who, p.dealershipId), `${who} insight ${p.id}`).toBe(true);
          const named = expected(who, p).name === p.name;
          expect({ name: x.name, masked: x.masked, shows: x.displayName === p.name }, `${who} insight ${p.id}`).toEqual({
            name: named ? p.name : null,
            masked: !named,
            shows: named,
          });
        }
      }
    });
  });
});

