import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';
import { addSale, addTestimonial, addVisit, buildGraph, type Graph } from './intelligence-fixture.js';

/*
 * The hand-built graph (dealership D1 unless noted; X belongs to D2 and gave no share consent; H is erased):
 *
 *        0.9 FAMILY        0.8 FRIEND
 *   A ────────────── B ────────────── E ──0.4 FAMILY── F ──0.9 FRIEND── G
 *   │ ╲                              /                /
 *   │  ╲ 0.6 FRIEND      0.5 FRIEND /                / 0.9 FRIEND
 *   │   ╲──────────── C ───────────╱                /
 *   │                  ╲──0.7 BUSINESS_PARTNER── X ╱
 *   │ 0.3 COLLEAGUE
 *   D                 A ──1.0 FRIEND── H(erased) ──1.0 FRIEND── F
 *                     B ──0.2 FRIEND── Y (D2, share consent)
 */
const PEOPLE = [
  { key: 'A', name: '王伟', kind: 'PROSPECT' as const },
  { key: 'B', name: '李娜' },
  { key: 'C', name: '张敏' },
  { key: 'D', name: '刘洋' },
  { key: 'E', name: '陈静', contactConsent: true },
  { key: 'F', name: '杨磊', contactConsent: false },
  { key: 'G', name: '赵军' },
  { key: 'H', name: '黄艳', erased: true },
  { key: 'X', name: '周杰', shareConsent: false, dealershipId: 'D2' },
  { key: 'Y', name: '吴芳', dealershipId: 'D2' },
];
const TIES = [
  { from: 'A', to: 'B', kind: 'FAMILY' as const, strength: 0.9 },
  { from: 'A', to: 'C', kind: 'FRIEND' as const, strength: 0.6 },
  { from: 'A', to: 'D', kind: 'COLLEAGUE' as const, strength: 0.3 },
  { from: 'B', to: 'E', kind: 'FRIEND' as const, strength: 0.8 },
  { from: 'C', to: 'E', kind: 'FRIEND' as const, strength: 0.5 },
  { from: 'C', to: 'X', kind: 'BUSINESS_PARTNER' as const, strength: 0.7 },
  { from: 'X', to: 'F', kind: 'FRIEND' as const, strength: 0.9 },
  { from: 'E', to: 'F', kind: 'FAMILY' as const, strength: 0.4 },
  { from: 'F', to: 'G', kind: 'FRIEND' as const, strength: 0.9 },
  { from: 'A', to: 'H', kind: 'FRIEND' as const, strength: 1.0 },
  { from: 'H', to: 'F', kind: 'FRIEND' as const, strength: 1.0 },
  { from: 'B', to: 'Y', kind: 'FRIEND' as const, strength: 0.2 },
];

const NETWORK = `query ($id: ID!, $depth: Int, $kinds: [TieKind!], $limit: Int) {
  network(personId: $id, depth: $depth, kinds: $kinds, limit: $limit) {
    centerId truncated
    nodes { id name displayName masked kind hops pathStrength }
    edges { from to kind strength }
  }
}`;
const WARM = `query ($from: ID!, $to: ID!, $first: Int, $maxHops: Int) {
  warmPaths(fromId: $from, toId: $to, first: $first, maxHops: $maxHops) {
    hops strength people { id name displayName masked } ties { from to kind strength }
  }
}`;
const KNOWN = `query ($id: ID!, $maxHops: Int, $first: Int) {
  knownContactTestimonials(prospectId: $id, maxHops: $maxHops, first: $first) {
    id rating date hops pathStrength canCall vehicle
    author { id displayName masked }
    path { hops strength people { id name displayName masked } ties { from to kind } }
  }
}`;

interface NetworkRes {
  network: {
    centerId: string;
    truncated: boolean;
    nodes: { id: string; name: string | null; displayName: string; masked: boolean; kind: string; hops: number; pathStrength: number }[];
    edges: { from: string; to: string; kind: string; strength: number }[];
  };
}
interface PathRes {
  hops: number;
  strength: number;
  people: { id: string; name: string | null; displayName: string; masked: boolean }[];
  ties: { from: string; to: string; kind: string; strength: number }[];
}
interface KnownRes {
  knownContactTestimonials: {
    id: string;
    rating: number;
    date: string;
    hops: number;
    pathStrength: number;
    canCall: boolean;
    vehicle: string | null;
    author: { id: string; displayName: string; masked: boolean };
    path: { hops: number; strength: number; people: { id: string; name: string | null; displayName: string; masked: boolean }[]; ties: { from: string; to: string; kind: string }[] };
  }[];
}

describe('relationship intelligence on a hand-built graph', () => {
  let api: TestApi;
  let g: Graph;
  let d2: string;
  let sales: string; // a salesperson of D1
  let other: string; // a salesperson of D2
  let analyst: string;
  let admin: string;
  const T: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi();
    d2 = uid('D2');
    g = await buildGraph(
      api,
      PEOPLE.map((p) => (p.dealershipId === 'D2' ? { ...p, dealershipId: d2 } : p)),
      TIES,
    );
    sales = await tokenFor(api.config, { role: 'salesperson', dealershipId: g.dealershipId });
    other = await tokenFor(api.config, { role: 'salesperson', dealershipId: d2 });
    analyst = await tokenFor(api.config, { role: 'analyst' });
    admin = await tokenFor(api.config, { role: 'admin' });
    const saleE = await addSale(api, g, 'E', 'E', '2023-10-01', { model: ['比亚迪', '汉'] });
    // nearest first: hops, then path strength, then rating, then recency
    T.B = await addTestimonial(api, g, { key: 'B', author: 'B', rating: 3, date: '2024-02-01', consentToBeCalled: false });
    T.D1 = await addTestimonial(api, g, { key: 'D1', author: 'D', rating: 5, date: '2024-01-01' });
    T.D2 = await addTestimonial(api, g, { key: 'D2', author: 'D', rating: 5, date: '2024-05-01' });
    T.Dlow = await addTestimonial(api, g, { key: 'Dlow', author: 'D', rating: 2, date: '2024-06-01' });
    T.E = await addTestimonial(api, g, { key: 'E', author: 'E', rating: 5, date: '2023-11-01', saleId: saleE });
    T.F = await addTestimonial(api, g, { key: 'F', author: 'F', rating: 4, date: '2024-03-01' });
    T.G = await addTestimonial(api, g, { key: 'G', author: 'G', rating: 5, date: '2024-03-01' });
    T.H = await addTestimonial(api, g, { key: 'H', author: 'H', rating: 5, date: '2024-03-01' });
    T.Cdraft = await addTestimonial(api, g, { key: 'Cdraft', author: 'C', rating: 5, date: '2024-03-01', status: 'DRAFT' });
    T.Cnoconsent = await addTestimonial(api, g, { key: 'Cnc', author: 'C', rating: 5, date: '2024-03-01', consentToPublish: false });
    T.Y = await addTestimonial(api, g, { key: 'Y', author: 'Y', rating: 5, date: '2024-03-01', dealershipId: d2 });
  });
  afterAll(async () => {
    await api?.stop();
  });

  const id = (k: string) => g.id(k);
  const ids = (keys: string) => keys.split('').map(id);

  describe('network', () => {
    it('draws depth 1: the centre and its live ties, strongest first; the erased friend is left out', async () => {
      const res = await api.gql<NetworkRes>(NETWORK, { id: id('A'), depth: 1 }, sales);
      expect(res.errors).toBeUndefined();
      const n = res.data!.network;
      expect(n.nodes.map((x) => x.id)).toEqual(ids('ABCD'));
      expect(n.nodes.map((x) => x.hops)).toEqual([0, 1, 1, 1]);
      expect(n.nodes.map((x) => x.pathStrength)).toEqual([1, 0.9, 0.6, 0.3]);
      expect(n.nodes[0]).toMatchObject({ name: '王伟', displayName: '王伟', masked: false, kind: 'PROSPECT' });
      expect(n.edges).toEqual([
        { from: id('A'), to: id('B'), kind: 'FAMILY', strength: 0.9 },
        { from: id('A'), to: id('C'), kind: 'FRIEND', strength: 0.6 },
        { from: id('A'), to: id('D'), kind: 'COLLEAGUE', strength: 0.3 },
      ]);
      expect(n.truncated).toBe(false);
    });

    it('goes to depth 3 with best path strengths, masking the other dealership’s person without consent', async () => {
      const res = await api.gql<NetworkRes>(NETWORK, { id: id('A'), depth: 3 }, sales);
      expect(res.errors).toBeUndefined();
      const n = res.data!.network;
      const byId = new Map(n.nodes.map((x) => [x.id, x]));
      // E: via B 0.9×0.8 = 0.72 beats via C 0.6×0.5; X via C 0.6×0.7 = 0.42; Y via B 0.9×0.2 = 0.18
      // F (hop 3): via X 0.42×0.9 = 0.378 beats via E 0.72×0.4 = 0.288; G is 4 hops away
      expect(n.nodes.map((x) => x.id)).toEqual([...ids('ABCD'), id('E'), id('X'), id('Y'), id('F')]);
      // rounded to 9 decimals: 0.9 × 0.8 is 0.7200000000000001 in floating point
      expect(byId.get(id('E'))!.pathStrength).toBe(0.72);
      expect(byId.get(id('X'))!.pathStrength).toBe(0.42);
      expect(byId.get(id('F'))!.pathStrength).toBe(0.378);
      expect(byId.get(id('F'))!.hops).toBe(3);
      expect(byId.get(id('X'))).toMatchObject({ name: null, displayName: '共同联系人', masked: true });
      expect(byId.get(id('Y'))).toMatchObject({ name: '吴芳', masked: false });
      expect(n.nodes.some((x) => x.id === id('H') || x.id === id('G'))).toBe(false);
      const edgeKeys = n.edges.map((e) => `${e.from}>${e.to}`);
      for (const [a, b] of [['B', 'E'], ['C', 'E'], ['C', 'X'], ['X', 'F'], ['E', 'F'], ['B', 'Y']]) {
        expect(edgeKeys).toContain(`${id(a!)}>${id(b!)}`);
      }
      expect(edgeKeys.some((k) => k.includes(id('H')) || k.includes(id('G')))).toBe(false);
      // an admin sees X's name
      const asAdmin = await api.gql<NetworkRes>(NETWORK, { id: id('A'), depth: 3 }, admin);
      expect(asAdmin.data!.network.nodes.find((x) => x.id === id('X'))).toMatchObject({ name: '周杰', masked: false });
    });

    it('keeps at most `limit` people, the strongest ties first, and says it truncated', async () => {
      const res = await api.gql<NetworkRes>(NETWORK, { id: id('A'), depth: 2, limit: 3 }, sales);
      expect(res.errors).toBeUndefined();
      expect(res.data!.network.nodes.map((x) => x.id)).toEqual(ids('ABC'));
      expect(res.data!.network.truncated).toBe(true);
      expect(res.data!.network.edges.every((e) => ids('ABC').includes(e.from) && ids('ABC').includes(e.to))).toBe(true);
    });

    it('follows only the kinds asked for', async () => {
      const res = await api.gql<NetworkRes>(NETWORK, { id: id('A'), depth: 3, kinds: ['FAMILY', 'BUSINESS_PARTNER'] }, sales);
      expect(res.errors).toBeUndefined();
      expect(res.data!.network.nodes.map((x) => x.id)).toEqual(ids('AB'));
      expect(res.data!.network.edges.map((e) => e.kind)).toEqual(['FAMILY']);
    });

    it('refuses people of another dealership to store staff, erased people and unknown ids with NOT_FOUND', async () => {
      for (const [pid, token] of [
        [id('A'), other],
        [id('X'), sales],
        [id('H'), admin],
        [uid('nobody'), admin],
      ] as const) {
        const res = await api.gql(NETWORK, { id: pid, depth: 1 }, token);
        expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
        expect(res.data).toBeNull();
      }
      const anon = await api.gql(NETWORK, { id: id('A') });
      expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      // group-wide readers start anywhere; names still follow consent
      const asAnalyst = await api.gql<NetworkRes>(NETWORK, { id: id('X'), depth: 1 }, analyst);
      expect(asAnalyst.errors).toBeUndefined();
      expect(asAnalyst.data!.network.nodes[0]).toMatchObject({ id: id('X'), masked: true, displayName: '共同联系人' });
    });

    it('validates depth, limit and kinds, naming the argument', async () => {
      for (const [vars, field] of [
        [{ depth: 0 }, 'depth'],
        [{ depth: 4 }, 'depth'],
        [{ limit: 0 }, 'limit'],
        [{ limit: 501 }, 'limit'],
        [{ kinds: [] }, 'kinds'],
      ] as const) {
        const res = await api.gql(NETWORK, { id: id('A'), ...vars }, sales);
        expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(res.errors?.[0]?.extensions?.field).toBe(field);
      }
    });
  });

  describe('warmPaths', () => {
    it('lists the strongest paths first, with masked intermediates, never through the erased person', async () => {
      const res = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: id('A'), to: id('F'), first: 5, maxHops: 4 }, sales);
      expect(res.errors).toBeUndefined();
      const paths = res.data!.warmPaths;
      // by hand: A-C-X-F 0.6×0.7×0.9 = 0.378; A-B-E-F 0.9×0.8×0.4 = 0.288; A-C-E-F 0.6×0.5×0.4 = 0.12;
      // the 5-hop A-B-E-C-X-F is beyond maxHops; A-H-F (1.0) would win but H is erased
      expect(paths.map((p) => p.people.map((x) => x.id))).toEqual([ids('ACXF'), ids('ABEF'), ids('ACEF')]);
      expect(paths.map((p) => p.hops)).toEqual([3, 3, 3]);
      expect(paths[0]!.strength).toBe(0.378);
      expect(paths[1]!.strength).toBe(0.288);
      expect(paths[2]!.strength).toBe(0.12);
      expect(paths[0]!.people[2]).toMatchObject({ id: id('X'), name: null, displayName: '共同联系人', masked: true });
      expect(paths[0]!.people[1]).toMatchObject({ name: '张敏', masked: false });
      expect(paths[0]!.ties).toEqual([
        { from: id('A'), to: id('C'), kind: 'FRIEND', strength: 0.6 },
        { from: id('C'), to: id('X'), kind: 'BUSINESS_PARTNER', strength: 0.7 },
        { from: id('X'), to: id('F'), kind: 'FRIEND', strength: 0.9 },
      ]);
      const firstOnly = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: id('A'), to: id('F'), first: 1 }, sales);
      expect(firstOnly.data!.warmPaths.map((p) => p.people.map((x) => x.id))).toEqual([ids('ACXF')]);
    });

    it('respects maxHops and goes both ways', async () => {
      const two = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: id('A'), to: id('F'), maxHops: 2 }, sales);
      expect(two.errors).toBeUndefined();
      expect(two.data!.warmPaths).toEqual([]);
      const back = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: id('F'), to: id('A'), first: 3, maxHops: 3 }, sales);
      expect(back.data!.warmPaths.map((p) => p.people.map((x) => x.id))).toEqual([ids('FXCA'), ids('FEBA'), ids('FECA')]);
      const oneHop = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: id('B'), to: id('A'), maxHops: 1 }, sales);
      expect(oneHop.data!.warmPaths.map((p) => [p.hops, p.strength])).toEqual([[1, 0.9]]);
      // G: 4 hops by every route (A-C-X-F-G is the strongest: 0.3402)
      const four = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: id('A'), to: id('G'), first: 1, maxHops: 4 }, sales);
      expect(four.data!.warmPaths[0]!.people.map((x) => x.id)).toEqual(ids('ACXFG'));
      expect(four.data!.warmPaths[0]!.strength).toBe(0.3402);
      const three = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: id('A'), to: id('G'), maxHops: 3 }, sales);
      expect(three.data!.warmPaths).toEqual([]);
    });

    it('puts the shorter path first when two paths are equally strong', async () => {
      const h = await buildGraph(api, [{ key: 'S' }, { key: 'T' }, { key: 'U' }], [
        { from: 'S', to: 'T', kind: 'COLLEAGUE', strength: 0.25 },
        { from: 'S', to: 'U', kind: 'FRIEND', strength: 0.5 },
        { from: 'U', to: 'T', kind: 'FRIEND', strength: 0.5 },
      ]);
      const res = await api.gql<{ warmPaths: PathRes[] }>(WARM, { from: h.id('S'), to: h.id('T') }, admin);
      expect(res.data!.warmPaths.map((p) => p.people.map((x) => x.id))).toEqual([
        [h.id('S'), h.id('T')],
        [h.id('S'), h.id('U'), h.id('T')],
      ]);
      expect(res.data!.warmPaths.map((p) => p.strength)).toEqual([0.25, 0.25]);
    });

    it('validates its arguments and both ends', async () => {
      for (const [vars, field] of [
        [{ maxHops: 0 }, 'maxHops'],
        [{ maxHops: 5 }, 'maxHops'],
        [{ first: 0 }, 'first'],
        [{ first: 101 }, 'first'],
      ] as const) {
        const res = await api.gql(WARM, { from: id('A'), to: id('F'), ...vars }, sales);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      const same = await api.gql(WARM, { from: id('A'), to: id('A') }, sales);
      expect(same.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toId' });
      const foreign = await api.gql(WARM, { from: id('A'), to: id('Y') }, sales);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('knownContactTestimonials', () => {
    it('orders by hops, path strength, rating, recency; only published with consent; erased and far authors left out', async () => {
      const res = await api.gql<KnownRes>(KNOWN, { id: id('A') }, sales);
      expect(res.errors).toBeUndefined();
      const list = res.data!.knownContactTestimonials;
      // hops 1: B (0.9) then D (0.3: rating 5 newest, rating 5 older, rating 2); hops 2: E; hops 3: F via X.
      // Y's testimonial belongs to D2, which this salesperson may not read; G is 4 hops away; H is erased.
      expect(list.map((t) => t.id)).toEqual([T.B, T.D2, T.D1, T.Dlow, T.E, T.F]);
      expect(list.map((t) => t.hops)).toEqual([1, 1, 1, 1, 2, 3]);
      expect(list.map((t) => t.canCall)).toEqual([false, true, true, true, true, false]);
      expect(list[4]!.pathStrength).toBe(0.72);
      expect(list[4]!.vehicle).toBe('比亚迪 汉');
      const viaX = list[5]!.path;
      expect(viaX.people.map((p) => p.id)).toEqual(ids('ACXF'));
      expect(viaX.people[2]).toMatchObject({ name: null, displayName: '共同联系人', masked: true });
      expect(viaX.ties.map((t) => t.kind)).toEqual(['FRIEND', 'BUSINESS_PARTNER', 'FRIEND']);
      expect(list[5]!.pathStrength).toBe(0.378);
    });

    it('honours maxHops and first, and shows other dealerships’ testimonials to group-wide readers', async () => {
      const one = await api.gql<KnownRes>(KNOWN, { id: id('A'), maxHops: 1 }, sales);
      expect(one.data!.knownContactTestimonials.map((t) => t.id)).toEqual([T.B, T.D2, T.D1, T.Dlow]);
      const two = await api.gql<KnownRes>(KNOWN, { id: id('A'), maxHops: 3, first: 2 }, sales);
      expect(two.data!.knownContactTestimonials.map((t) => t.id)).toEqual([T.B, T.D2]);
      const asAnalyst = await api.gql<KnownRes>(KNOWN, { id: id('A'), maxHops: 2 }, analyst);
      // Y: hops 2 via B, 0.9×0.2 = 0.18, after E's 0.72
      expect(asAnalyst.data!.knownContactTestimonials.map((t) => t.id)).toEqual([T.B, T.D2, T.D1, T.Dlow, T.E, T.Y]);
    });

    it('validates maxHops (1..3) and first', async () => {
      for (const [vars, field] of [
        [{ maxHops: 0 }, 'maxHops'],
        [{ maxHops: 4 }, 'maxHops'],
        [{ first: 0 }, 'first'],
        [{ first: 101 }, 'first'],
      ] as const) {
        const res = await api.gql(KNOWN, { id: id('A'), ...vars }, sales);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });
  });

  describe('decisionCircle', () => {
    const CIRCLE = `query ($id: ID!) { decisionCircle(personId: $id) {
      person { id displayName masked } weight reasons reasonsZh tieKinds visits visitRoles { role visits } advised advisedBought
    } }`;
    interface CircleRes {
      decisionCircle: {
        person: { id: string; displayName: string; masked: boolean };
        weight: number;
        reasons: string[];
        reasonsZh: string[];
        tieKinds: string[];
        visits: number;
        visitRoles: { role: string; visits: number }[];
        advised: number | null;
        advisedBought: number | null;
      }[];
    }

    it('ranks companions, advisers, family and drivers by an explained weight', async () => {
      const dx = uid('D2');
      const c = await buildGraph(
        api,
        [
          { key: 'buyer', name: '孙强' },
          { key: 'wife', name: '马丽' },
          { key: 'friend', name: '朱华' },
          { key: 'adviser', name: '胡斌' },
          { key: 'advisee2' },
          { key: 'advisee3' },
          { key: 'partner', name: '郭涛', shareConsent: false, dealershipId: dx },
          { key: 'driver', name: '林峰' },
          { key: 'gone', erased: true },
        ],
        [
          { from: 'buyer', to: 'wife', kind: 'FAMILY', strength: 0.9 },
          { from: 'friend', to: 'buyer', kind: 'FRIEND', strength: 0.6 },
          { from: 'adviser', to: 'buyer', kind: 'ADVISES', strength: 0.8 },
          { from: 'adviser', to: 'buyer', kind: 'COLLEAGUE', strength: 0.3 },
          { from: 'adviser', to: 'advisee2', kind: 'ADVISES', strength: 0.5 },
          { from: 'adviser', to: 'advisee3', kind: 'ADVISES', strength: 0.5 },
          { from: 'driver', to: 'buyer', kind: 'DRIVES_FOR', strength: 0.7 },
          { from: 'gone', to: 'buyer', kind: 'FAMILY', strength: 1.0 },
        ],
      );
      await addSale(api, c, 'b', 'buyer', '2024-04-01');
      await addSale(api, c, 'a2', 'advisee2', '2024-02-01');
      await addVisit(api, c, 'v1', 'buyer', '2024-03-01', [
        ['wife', 'SPOUSE'],
        ['friend', 'FRIEND'],
      ]);
      await addVisit(api, c, 'v2', 'buyer', '2024-03-08', [
        ['wife', 'SPOUSE'],
        ['partner', 'PARTNER'],
        ['gone', 'FRIEND'],
      ]);
      const token = await tokenFor(api.config, { role: 'manager', dealershipId: c.dealershipId });
      const res = await api.gql<CircleRes>(CIRCLE, { id: c.id('buyer') }, token);
      expect(res.errors).toBeUndefined();
      const list = res.data!.decisionCircle;
      // weights by the documented rule:
      //   wife    FAMILY 1.0×0.9 + 2 visits × 0.5                                  = 1.9
      //   adviser ADVISES(in) 1.0×0.8 + COLLEAGUE 0.5×0.3 + record 1.0×(2 of 3 bought) = 1.616667
      //   friend  FRIEND 0.5×0.6 + 1 visit × 0.5                                   = 0.8
      //   partner 1 visit × 0.5 (no tie)                                            = 0.5
      //   driver  DRIVES_FOR(in) 0.4×0.7                                            = 0.28
      expect(list.map((m) => m.person.id)).toEqual(['wife', 'adviser', 'friend', 'partner', 'driver'].map(c.id));
      const w = [1.9, 0.8 + 0.15 + 2 / 3, 0.8, 0.5, 0.28];
      list.forEach((m, i) => expect(m.weight).toBeCloseTo(w[i]!, 6));
      expect(list[0]!.reasons).toEqual(['came to 2 visits as spouse', 'family (tie strength 0.9)']);
      expect(list[0]!.reasonsZh[0]).toBe('以配偶身份陪同来店 2 次');
      expect(list[0]!.visitRoles).toEqual([{ role: 'SPOUSE', visits: 2 }]);
      expect(list[1]!.reasons).toEqual([
        'advises this buyer on cars (tie strength 0.8)',
        'colleague (tie strength 0.3)',
        'advised 3 people, 2 bought',
      ]);
      expect(list[1]).toMatchObject({ advised: 3, advisedBought: 2, tieKinds: ['ADVISES', 'COLLEAGUE'] });
      expect(list[3]!.person).toMatchObject({ displayName: '共同联系人', masked: true });
      expect(list[3]!.reasons).toEqual(['came to 1 visit as partner']);
      expect(list[4]!.reasons).toEqual(['drives for this buyer (tie strength 0.7)']);
      expect(list[2]).toMatchObject({ advised: null, advisedBought: null, visits: 1 });
      const foreign = await api.gql(CIRCLE, { id: c.id('buyer') }, other);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });
});
