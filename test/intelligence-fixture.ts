import type { TestApi } from './support/test-api.js';
import { uid } from './support/test-api.js';

/**
 * Small hand-built graphs for the intelligence tests, written with Cypher exactly as docs/model.md describes.
 * Every id carries a unique prefix, so tests running in parallel against one database never meet.
 */
export interface PersonSpec {
  key: string;
  name?: string;
  kind?: 'BUYER' | 'PROSPECT' | 'CONTACT';
  shareConsent?: boolean;
  contactConsent?: boolean;
  dealershipId?: string;
  region?: string;
  erased?: boolean;
}

export type TieKindName = 'FAMILY' | 'FRIEND' | 'COLLEAGUE' | 'BUSINESS_PARTNER' | 'ADVISES' | 'DRIVES_FOR';

export interface TieSpec {
  from: string;
  to: string;
  kind: TieKindName;
  strength: number;
}

export interface Graph {
  prefix: string;
  dealershipId: string;
  region: string;
  id(key: string): string;
}

export async function buildGraph(
  api: TestApi,
  people: PersonSpec[],
  ties: TieSpec[],
  opts: { dealershipId?: string; region?: string } = {},
): Promise<Graph> {
  const prefix = uid('ig');
  const dealershipId = opts.dealershipId ?? `${prefix}-d1`;
  const region = opts.region ?? `${prefix}-region`;
  const id = (key: string) => `${prefix}-${key}`;
  await api.cypher(
    `UNWIND $people AS p
     CREATE (n:Person {id: p.id, name: p.name, kind: p.kind, shareConsent: p.shareConsent,
                       contactConsent: p.contactConsent, dealershipId: p.dealershipId, region: p.region,
                       createdAt: datetime()})
     FOREACH (_ IN CASE WHEN p.erased THEN [1] ELSE [] END | SET n.erasedAt = datetime(), n.name = '已删除')`,
    {
      people: people.map((p) => ({
        id: id(p.key),
        name: p.name ?? `客户${p.key}`,
        kind: p.kind ?? 'BUYER',
        shareConsent: p.shareConsent ?? true,
        contactConsent: p.contactConsent ?? true,
        dealershipId: p.dealershipId ?? dealershipId,
        region: p.region ?? region,
        erased: p.erased ?? false,
      })),
    },
  );
  // one statement per kind: relationship types cannot be parameters
  const kinds = [...new Set(ties.map((t) => t.kind))];
  for (const kind of kinds) {
    await api.cypher(
      `UNWIND $ties AS t
       MATCH (a:Person {id: t.from}), (b:Person {id: t.to})
       CREATE (a)-[:${kind} {strength: t.strength, source: 'MANUAL', confirmed: true, createdAt: datetime()}]->(b)`,
      { ties: ties.filter((t) => t.kind === kind).map((t) => ({ from: id(t.from), to: id(t.to), strength: t.strength })) },
    );
  }
  return { prefix, dealershipId, region, id };
}

/** A sale bought by `buyer`, dated `date` (YYYY-MM-DD), optionally of a vehicle model. */
export async function addSale(
  api: TestApi,
  g: Graph,
  key: string,
  buyer: string,
  date: string,
  opts: { dealershipId?: string; model?: [string, string] } = {},
): Promise<string> {
  const saleId = g.id(`sale-${key}`);
  await api.cypher(
    `MATCH (b:Person {id: $buyer})
     CREATE (b)-[:BOUGHT]->(s:Sale {id: $id, vin: $id, price: 200000.0, date: date($date), dealershipId: $d,
                                     createdAt: datetime()})
     FOREACH (m IN CASE WHEN $brand IS NULL THEN [] ELSE [1] END |
       CREATE (s)-[:OF_MODEL]->(:VehicleModel {id: $id + '-model', brand: $brand, model: $modelName}))`,
    {
      buyer: g.id(buyer),
      id: saleId,
      date,
      d: opts.dealershipId ?? g.dealershipId,
      brand: opts.model?.[0] ?? null,
      modelName: opts.model?.[1] ?? null,
    },
  );
  return saleId;
}

export async function addReferral(api: TestApi, g: Graph, from: string, to: string, date: string, saleId: string | null): Promise<void> {
  await api.cypher(
    `MATCH (a:Person {id: $from}), (b:Person {id: $to})
     CREATE (a)-[:REFERRED {date: date($date), channel: 'WECHAT', saleId: $saleId}]->(b)`,
    { from: g.id(from), to: g.id(to), date, saleId },
  );
}

/** A visit by `visitor` with companions [key, role]. */
export async function addVisit(
  api: TestApi,
  g: Graph,
  key: string,
  visitor: string,
  date: string,
  companions: [string, string][],
  dealershipId?: string,
): Promise<string> {
  const visitId = g.id(`visit-${key}`);
  await api.cypher(
    `MATCH (p:Person {id: $visitor})
     CREATE (p)-[:MADE_VISIT]->(v:Visit {id: $id, date: date($date), kind: 'SHOWROOM', dealershipId: $d})
     WITH v
     UNWIND $companions AS c
     MATCH (x:Person {id: c[0]})
     CREATE (x)-[:ACCOMPANIED {role: c[1]}]->(v)`,
    {
      visitor: g.id(visitor),
      id: visitId,
      date,
      d: dealershipId ?? g.dealershipId,
      companions: companions.map(([k, role]) => [g.id(k), role]),
    },
  );
  return visitId;
}

export interface TestimonialSpec {
  key: string;
  author: string;
  rating: number;
  date: string;
  status?: 'DRAFT' | 'PUBLISHED' | 'WITHDRAWN';
  consentToPublish?: boolean;
  consentToBeCalled?: boolean;
  saleId?: string;
  dealershipId?: string;
}

export async function addTestimonial(api: TestApi, g: Graph, t: TestimonialSpec): Promise<string> {
  const tid = g.id(`t-${t.key}`);
  await api.cypher(
    `MATCH (a:Person {id: $author})
     SET a:TestimonialAuthor
     CREATE (a)-[:WROTE]->(t:Testimonial {id: $id, text: $text, rating: toInteger($rating), date: date($date), status: $status,
                                          consentToPublish: $publish, consentToBeCalled: $call, dealershipId: $d})
     WITH t
     OPTIONAL MATCH (s:Sale {id: $saleId})
     FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (t)-[:ABOUT]->(s))`,
    {
      author: g.id(t.author),
      id: tid,
      text: `好评 ${t.key}`,
      rating: t.rating,
      date: t.date,
      status: t.status ?? 'PUBLISHED',
      publish: t.consentToPublish ?? true,
      call: t.consentToBeCalled ?? true,
      d: t.dealershipId ?? g.dealershipId,
      saleId: t.saleId ?? null,
    },
  );
  return tid;
}

/** A small deterministic PRNG (mulberry32), so the generated graphs are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
