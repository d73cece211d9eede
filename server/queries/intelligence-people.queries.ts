import neo4j from 'neo4j-driver';
import { TIE_TYPES, type TieType } from '../domain.js';
import type { Viewer } from '../graphql/context.js';
import type { QueryRunner } from './driver.js';
import { AUTHOR_LABEL } from './migrations.js';
import { canReadCypher, viewerParams, visibleNameCypher } from './visibility.js';

/**
 * Person look-ups and the one tie-expansion step every intelligence traversal is built from.
 * Relationship types are interpolated only from TIE_TYPES; every value travels as a parameter.
 */

/** LIMIT and SKIP need Cypher integers; JS numbers travel as floats. */
export const cypherInt = (n: number) => neo4j.int(Math.max(0, Math.floor(n)));

/** `FAMILY|FRIEND|...` for the given kinds, which must come from TIE_TYPES (checked here too). */
export function tieTypePattern(kinds: readonly TieType[] = TIE_TYPES): string {
  const safe = kinds.filter((k) => (TIE_TYPES as readonly string[]).includes(k));
  if (safe.length === 0) throw new Error('tieTypePattern needs at least one known tie kind');
  return [...new Set(safe)].join('|');
}

/** Published testimonials with consent to publish that the viewer may read, for `t`. */
export const usableTestimonialCypher = (t: string) =>
  `(${t}.status = 'PUBLISHED' AND ${t}.consentToPublish = true AND ${canReadCypher(t)})`;

/** For a bound person `a`: their usable testimonials `t`, if `a` is a live author (the label first: others cost nothing). */
export const authorTestimonialsCypher = (a: string, t: string) =>
  `MATCH (${a}) WHERE ${a}:${AUTHOR_LABEL} AND ${a}.erasedAt IS NULL
     MATCH (${a})-[:WROTE]->(${t}:Testimonial) WHERE ${usableTestimonialCypher(t)}`;

/** The access facts of `p`, as a map (PersonAccessRow). */
const accessMapCypher = (p: string) =>
  `{id: ${p}.id, dealershipId: ${p}.dealershipId, erased: ${p}.erasedAt IS NOT NULL, name: ${visibleNameCypher(p)}, kind: ${p}.kind, influence: ${p}.influence}`;

export interface PersonAccessRow {
  id: string;
  dealershipId: string | null;
  erased: boolean;
  name: string | null;
  kind: string | null;
  influence: number | null;
}

/** The facts needed to decide whether a traversal may start from these people. */
export async function personAccess(db: QueryRunner, viewer: Viewer, ids: string[]): Promise<PersonAccessRow[]> {
  const rows = await db.read<{ a: PersonAccessRow }>(
    `UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN ${accessMapCypher('p')} AS a`,
    { ids, ...viewerParams(viewer) },
  );
  return rows.map((r) => r.a);
}

/** A tie seen from the person being expanded: [to, kind, strength, outgoing, visibleName, personKind, influence]. */
export type TieTuple = [string, TieType, number, boolean, string | null, string | null, number | null];

export interface ExpansionRow {
  id: string;
  /** The strongest ties, at most k + 1 (one more than asked, so the caller knows when a cap cut something). */
  strongest: TieTuple[];
  /** Ties to people who wrote a usable testimonial, when asked for. */
  authors: TieTuple[];
}

export interface ExpandParams {
  frontier: string[];
  kinds?: readonly TieType[];
  /** Strongest ties per person (k + 1 are fetched; 0 fetches none). */
  k: number;
  /** Ties to testimonial authors per person; 0 skips that part. */
  authorK?: number;
  /**
   * Also expand, in the same statement, the next hop of these frontier people: their `cap` strongest distinct
   * neighbours among the ties just read (strength desc, then id), each with k and authorK of that hop. Saves the
   * next hop's round trip when one person's neighbours are the whole next frontier (a traversal's first hop).
   * Skipped for a person with more than `maxNeighbours` distinct neighbours (the next hop would not run, or not
   * with this k).
   */
  next?: { for: string[]; k: number; authorK: number; cap: number; maxNeighbours: number };
  /** Also return these people's access facts (a traversal's starts), so checking them costs no round trip. */
  access?: string[];
  /** Expand nothing when these people have written at least this many usable testimonials (counted first). */
  skipIfTestimonials?: { among: string[]; atLeast: number };
}

export interface Expansion {
  rows: (ExpansionRow & { next: ExpansionRow[] })[];
  access: PersonAccessRow[];
}

const tieTuple = (me: string, n: string) =>
  `[${n}.id, type(r), coalesce(r.strength, 0.0), startNode(r) = ${me}, ${visibleNameCypher(n)}, ${n}.kind, ${n}.influence]`;

/** The strongest ties of `f` (into `strongest`) and, when authorK > 0, its ties to testimonial authors (`authors`). */
function tiesOf(f: string, types: string, kParam: string, authorKParam: string, withAuthors: boolean, suffix: string): string {
  return `CALL (${f}) {
       MATCH (${f})-[r:${types}]-(n:Person)
       WHERE n <> ${f} AND n.erasedAt IS NULL
       WITH r, n ORDER BY coalesce(r.strength, 0.0) DESC, n.id ASC LIMIT $${kParam}
       RETURN collect(${tieTuple(f, 'n')}) AS strongest${suffix}
     }
     ${
       withAuthors
         ? `CALL (${f}) {
       MATCH (${f})-[r:${types}]-(n:Person)
       WHERE n <> ${f} AND n.erasedAt IS NULL AND n:${AUTHOR_LABEL}
         AND EXISTS { MATCH (n)-[:WROTE]->(t:Testimonial) WHERE ${usableTestimonialCypher('t')} }
       WITH r, n ORDER BY coalesce(r.strength, 0.0) DESC, n.id ASC LIMIT $${authorKParam}
       RETURN collect(${tieTuple(f, 'n')}) AS authors${suffix}
     }`
         : `WITH *, [] AS authors${suffix}`
     }`;
}

/**
 * One hop of a bounded traversal: for each frontier person, their k strongest ties to people not erased
 * (strength desc, then id), and optionally the ties to people who wrote a usable testimonial.
 * Cost per frontier person is one scan of their ties: a hub costs its degree, and returns at most k + 1 rows.
 */
export async function expandTies(db: QueryRunner, viewer: Viewer, p: ExpandParams): Promise<Expansion> {
  const access = p.access ?? [];
  if (p.frontier.length === 0) return { rows: [], access: access.length > 0 ? await personAccess(db, viewer, access) : [] };
  const types = tieTypePattern(p.kinds);
  const next = p.next && p.next.for.length > 0 && p.next.cap > 0 ? p.next : undefined;
  const rows = await db.read<{ id: string; strongest: TieTuple[]; authors: TieTuple[]; next: ExpansionRow[]; access: PersonAccessRow[] }>(
    `CALL () {
       UNWIND $access AS aid
       MATCH (a:Person {id: aid})
       RETURN collect(${accessMapCypher('a')}) AS access
     }
     ${
       p.skipIfTestimonials
         ? `CALL () {
       UNWIND $guardAmong AS gid
       MATCH (w:Person {id: gid})
       ${authorTestimonialsCypher('w', 't')}
       RETURN count(t) AS already
     }
     WITH access WHERE already < $guardAtLeast`
         : ''
     }
     UNWIND $frontier AS fid
     MATCH (f:Person {id: fid})
     ${tiesOf('f', types, 'kPlus', 'authorK', (p.authorK ?? 0) > 0, '')}
     ${
       next
         ? `CALL (f, fid, strongest, authors) {
       WITH f, fid, strongest[0..$k] + authors AS ties WHERE fid IN $nextFor
       UNWIND ties AS t
       WITH t[0] AS nid, max(t[2]) AS s
       WITH collect({nid: nid, s: s}) AS candidates
       WHERE size(candidates) <= $nextMaxNeighbours
       UNWIND candidates AS c
       WITH c.nid AS nid, c.s AS s
       ORDER BY s DESC, nid ASC LIMIT $nextCap
       MATCH (g:Person {id: nid})
       ${tiesOf('g', types, 'nextKPlus', 'nextAuthorK', next.authorK > 0, 'G')}
       RETURN collect({id: nid, strongest: strongestG, authors: authorsG}) AS next
     }`
         : 'WITH *, [] AS next'
     }
     RETURN fid AS id, strongest, authors, next, access`,
    {
      access,
      frontier: p.frontier,
      k: cypherInt(p.k),
      kPlus: cypherInt(p.k > 0 ? p.k + 1 : 0),
      authorK: cypherInt(p.authorK ?? 0),
      nextFor: next?.for ?? [],
      nextCap: cypherInt(next?.cap ?? 0),
      nextKPlus: cypherInt(next && next.k > 0 ? next.k + 1 : 0),
      nextAuthorK: cypherInt(next?.authorK ?? 0),
      nextMaxNeighbours: cypherInt(next?.maxNeighbours ?? 0),
      guardAmong: p.skipIfTestimonials?.among ?? [],
      guardAtLeast: cypherInt(p.skipIfTestimonials?.atLeast ?? 0),
      ...viewerParams(viewer),
    },
  );
  // every row carries the same access list; none comes back when no frontier person exists (or the guard held)
  return { rows: rows.map(({ access: _a, ...r }) => r), access: rows[0]?.access ?? [] };
}

export interface PersonCardRow {
  id: string;
  name: string | null;
  kind: string | null;
  influence: number | null;
  region: string | null;
  dealershipId: string | null;
}

/**
 * Display facts for the people the viewer may read (their dealership's, or every one for group-wide roles),
 * in one round trip; erased people and unknown ids are left out.
 */
export async function readablePeople(db: QueryRunner, viewer: Viewer, ids: string[]): Promise<PersonCardRow[]> {
  return db.read<PersonCardRow>(
    `UNWIND $ids AS pid
     MATCH (p:Person {id: pid})
     WHERE p.erasedAt IS NULL AND ${canReadCypher('p')}
     RETURN p.id AS id, ${visibleNameCypher('p')} AS name, p.kind AS kind, p.influence AS influence,
            p.region AS region, p.dealershipId AS dealershipId`,
    { ids, ...viewerParams(viewer) },
  );
}

/** Display facts for people met along a path or in a circle, whatever their dealership (names masked by consent). */
export async function peopleCards(db: QueryRunner, viewer: Viewer, ids: string[]): Promise<PersonCardRow[]> {
  return db.read<PersonCardRow>(
    `UNWIND $ids AS pid
     MATCH (p:Person {id: pid})
     WHERE p.erasedAt IS NULL
     RETURN p.id AS id, ${visibleNameCypher('p')} AS name, p.kind AS kind, p.influence AS influence,
            p.region AS region, p.dealershipId AS dealershipId`,
    { ids, ...viewerParams(viewer) },
  );
}

export interface IdNumber {
  id: string;
  n: number | null;
}

// --- one query per per-person field, for the DataLoaders: one round trip whatever the number of ids ---

export function influenceOf(db: QueryRunner, ids: readonly string[]): Promise<IdNumber[]> {
  return db.read<IdNumber>(
    `UNWIND $ids AS pid MATCH (p:Person {id: pid}) WHERE p.erasedAt IS NULL RETURN p.id AS id, p.influence AS n`,
    { ids },
  );
}

/** Distinct people within one tie (any kind, either direction), erased people left out. */
export function circleSizeOf(db: QueryRunner, ids: readonly string[]): Promise<IdNumber[]> {
  return db.read<IdNumber>(
    `UNWIND $ids AS pid
     MATCH (p:Person {id: pid})
     CALL (p) {
       MATCH (p)-[:${tieTypePattern()}]-(q:Person)
       WHERE q <> p AND q.erasedAt IS NULL
       RETURN count(DISTINCT q) AS n
     }
     RETURN p.id AS id, n`,
    { ids },
  );
}

/** Usable testimonials (published, consent to publish) the person wrote that the viewer may read. */
export function testimonialCountOf(db: QueryRunner, viewer: Viewer, ids: readonly string[]): Promise<IdNumber[]> {
  return db.read<IdNumber>(
    `UNWIND $ids AS pid
     MATCH (p:Person {id: pid})
     RETURN p.id AS id, COUNT { MATCH (p)-[:WROTE]->(t:Testimonial) WHERE ${usableTestimonialCypher('t')} } AS n`,
    { ids, ...viewerParams(viewer) },
  );
}

/** Purchases the viewer may read. */
export function purchasesOf(db: QueryRunner, viewer: Viewer, ids: readonly string[]): Promise<IdNumber[]> {
  return db.read<IdNumber>(
    `UNWIND $ids AS pid
     MATCH (p:Person {id: pid})
     RETURN p.id AS id, COUNT { MATCH (p)-[:BOUGHT]->(s:Sale) WHERE ${canReadCypher('s')} } AS n`,
    { ids, ...viewerParams(viewer) },
  );
}

/** People this person referred. */
export function referralsMadeOf(db: QueryRunner, ids: readonly string[]): Promise<IdNumber[]> {
  return db.read<IdNumber>(
    `UNWIND $ids AS pid
     MATCH (p:Person {id: pid})
     RETURN p.id AS id, COUNT { (p)-[:REFERRED]->(:Person) } AS n`,
    { ids },
  );
}
