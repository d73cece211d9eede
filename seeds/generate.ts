import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { CsvFileWriter } from '../server/data/csv.js';
import {
  ASPECTS,
  BRANDS,
  COMPANY_WORDS,
  COMPLAINTS,
  DEALERSHIPS,
  GIVEN_FEMALE,
  GIVEN_FIRST,
  GIVEN_MALE,
  INDUSTRIES,
  OWNER_TITLES,
  PERSON_NOTES,
  PHONE_PREFIXES,
  PROVINCES,
  REFERRAL_CHANNELS,
  SERVICE_NOTES,
  STAFF_TITLES,
  SURNAMES,
  GOOD_CAR_LINES,
  GOOD_CLOSINGS,
  GOOD_OPENINGS,
  GOOD_SERVICE_LINES,
  MIXED_BUTS,
  MIXED_ENDINGS,
  MIXED_GOOD_PARTS,
  BAD_ENDINGS,
  BAD_OPENINGS,
  type Powertrain,
} from './tables.js';

/**
 * The deterministic seed generator: a seeded PRNG drives every choice in a fixed order, so the same
 * (size, seed, until, namespace) always writes byte-identical files. Dates are offsets back from `until`, so a
 * different `until` shifts every date and changes nothing else. See seeds/README.md.
 */

export type SeedSize = 'demo' | 'medium' | 'large';

interface SizeSpec {
  people: number;
  dealerships: number;
  salespeople: number;
  hubCap: number;
  adviseeCap: number;
  orgCap: number;
  /** Cars each store delivered in the last seven days, whose thank-you calls are still to be made. */
  recentSales: number;
  /**
   * Testimonials each store received in each of the last `boardWeeks` ISO weeks (this one so far included), from
   * buyers of the weeks before: enough for the weekly board of 7-8 named testimonials. 0: none beyond the usual.
   */
  boardTestimonials: number;
  boardWeeks: number;
}

export const SIZES: Record<SeedSize, SizeSpec> = {
  demo: { people: 2_000, dealerships: 3, salespeople: 3, hubCap: 200, adviseeCap: 150, orgCap: 60, recentSales: 6, boardTestimonials: 16, boardWeeks: 4 },
  medium: { people: 100_000, dealerships: 5, salespeople: 5, hubCap: 500, adviseeCap: 400, orgCap: 1_500, recentSales: 30, boardTestimonials: 0, boardWeeks: 0 },
  large: { people: 1_000_000, dealerships: 6, salespeople: 8, hubCap: 800, adviseeCap: 600, orgCap: 3_000, recentSales: 120, boardTestimonials: 0, boardWeeks: 0 },
};

/** The default end of the five-year window, fixed so a plain `npm run seed` is reproducible. */
export const DEFAULT_UNTIL = '2026-06-30';

/** Password of every generated user (documented in docs/data-format.md and seeds/README.md). */
export const DEMO_PASSWORD = 'quanzi-demo';

export const DEMO_ROLES = ['admin', 'manager', 'salesperson', 'marketing', 'analyst'] as const;

export interface SeedOptions {
  size: SeedSize;
  seed?: number;
  out: string;
  /** Last day of the data, YYYY-MM-DD (default DEFAULT_UNTIL). */
  until?: string;
  /** Prefix for dealership, organisation and user ids and usernames, so several sets can share one database. */
  namespace?: string;
  /** Override the number of people (tests); the other proportions follow. */
  people?: number;
  onProgress?: (stage: string) => void;
}

export interface SeedResult {
  out: string;
  counts: Record<string, number>;
  ms: number;
}

// ---------------------------------------------------------------- randomness

/** sfc32: small, fast, 128-bit state, good statistical quality; seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const split = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split();
    for (let i = 0; i < 16; i++) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }

  /** Pareto with minimum `min` and tail index `alpha`, capped. */
  pareto(min: number, alpha: number, cap: number): number {
    return Math.min(cap, Math.floor(min / Math.pow(1 - this.next(), 1 / alpha)));
  }

  poisson(lambda: number): number {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    for (;;) {
      p *= this.next();
      if (p <= l) return k;
      k++;
    }
  }

  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}

/** Weighted choice by binary search over cumulative weights. */
class Weighted<T> {
  private readonly cum: number[] = [];
  private readonly items: T[] = [];
  private total = 0;
  constructor(entries: readonly (readonly [T, number])[]) {
    for (const [item, w] of entries) {
      this.total += w;
      this.cum.push(this.total);
      this.items.push(item);
    }
  }
  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

// ---------------------------------------------------------------- dates and VINs

const DAY_MS = 86_400_000;

function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`until must be YYYY-MM-DD, got "${iso}"`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

const dayCache = new Map<number, string>();
function iso(day: number): string {
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayCache.set(day, s);
  }
  return s;
}

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_VALUE: Record<string, number> = {};
'ABCDEFGH'.split('').forEach((c, i) => (VIN_VALUE[c] = i + 1));
'JKLMN'.split('').forEach((c, i) => (VIN_VALUE[c] = i + 1));
VIN_VALUE.P = 7;
VIN_VALUE.R = 9;
'STUVWXYZ'.split('').forEach((c, i) => (VIN_VALUE[c] = i + 2));
for (let i = 0; i <= 9; i++) VIN_VALUE[String(i)] = i;
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/** A VIN with a valid ISO 3779 check digit (position 9), as GB 16735 requires. */
function vin(wmi: string, vds: string, year: number, plant: string, serial: number): string {
  const yearCode = YEAR_CODES[(year - 2010 + 30) % 30]!;
  const chars = `${wmi}${vds}0${yearCode}${plant}${String(serial).padStart(6, '0')}`.split('');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += VIN_VALUE[chars[i]!]! * VIN_WEIGHTS[i]!;
  const r = sum % 11;
  chars[8] = r === 10 ? 'X' : String(r);
  return chars.join('');
}

// ---------------------------------------------------------------- the generator

/** Colleagues each tie to this many neighbours on each side of the workplace ring. */
const COLLEAGUE_K = 3;
const ROLE_HEAD = 0;
const ROLE_SPOUSE = 1;
const ROLE_CHILD = 2;
const ROLE_PARENT = 3;

interface Model {
  brand: string;
  model: string;
  segment: string;
  price: number;
  weight: number;
  vds: string;
  powertrain: Powertrain;
}

export async function generateSeed(opts: SeedOptions): Promise<SeedResult> {
  const t0 = Date.now();
  const spec = SIZES[opts.size];
  if (!spec) throw new Error(`size must be demo, medium or large, got "${String(opts.size)}"`);
  const seed = opts.seed ?? 42;
  const N = opts.people ?? spec.people;
  const until = dayOf(opts.until ?? DEFAULT_UNTIL);
  const first = until - 5 * 365;
  const ns = opts.namespace ? `${opts.namespace}-` : '';
  const rng = new Rng(seed);
  const say = opts.onProgress ?? (() => undefined);
  const out = opts.out;
  fs.mkdirSync(out, { recursive: true });
  const counts: Record<string, number> = {};
  const writers: CsvFileWriter[] = [];
  const open = (name: string, header: string[]) => {
    const w = new CsvFileWriter(path.join(out, `${name}.csv`), header);
    writers.push(w);
    return w;
  };
  const put = async (w: CsvFileWriter, row: (string | number | boolean | null)[]) => {
    if (w.push(row)) await w.drain();
  };

  // namespace salt for VINs: two namespaces never share a VIN
  const salt = createHash('sha1').update(`${ns}\u0000${seed}`).digest();
  const saltChar = (i: number) => VIN_CHARS[salt[i]! % VIN_CHARS.length]!;

  const dealers = DEALERSHIPS.slice(0, spec.dealerships).map((d) => ({ ...d, id: `${ns}${d.key}` }));
  const dealerPick = new Weighted(dealers.map((d, i) => [i, d.weight] as const));
  const cities: { city: string; province: string }[] = [];
  for (const [province, list] of Object.entries(PROVINCES)) for (const city of list) cities.push({ city, province });
  const cityIndex = (c: string) => cities.findIndex((x) => x.city === c);
  const surnamePick = new Weighted(SURNAMES.map(([, w], i) => [i, w] as const));

  const models: Model[] = [];
  for (const [brand, b] of Object.entries(BRANDS)) {
    for (const m of b.models) {
      const h = createHash('sha1').update(`${brand}\u0000${m.model}`).digest();
      // two characters name the model, three are the namespace's: a lone salt character let whole models collide
      const own = createHash('sha1').update(salt).update(`${brand}\u0000${m.model}`).digest();
      const vds = [h[0]!, h[1]!, own[0]!, own[1]!, own[2]!].map((b) => VIN_CHARS[b % VIN_CHARS.length]).join('');
      models.push({ brand, model: m.model, segment: m.segment, price: m.price, weight: m.weight, vds, powertrain: m.powertrain ?? b.powertrain });
    }
  }
  const dealerBrands = dealers.map((d) => d.brands.slice());
  const modelsOfBrand = (brand: string) => models.map((m, i) => [i, m] as const).filter(([, m]) => m.brand === brand);
  const brandModelPick = new Map<string, Weighted<number>>();
  for (const brand of Object.keys(BRANDS)) brandModelPick.set(brand, new Weighted(modelsOfBrand(brand).map(([i, m]) => [i, m.weight] as const)));

  const width = String(N).length;
  const pid = (i: number) => `P${String(i + 1).padStart(width, '0')}`;

  // per-person state, in typed arrays (a million people fit in a few tens of MB)
  const dealer = new Uint8Array(N);
  const city = new Uint16Array(N);
  const sex = new Uint8Array(N); // 1 male, 2 female
  const age = new Uint8Array(N);
  const surname = new Uint16Array(N);
  const hhStart = new Int32Array(N);
  const hhSize = new Uint8Array(N);
  const hhRole = new Uint8Array(N);
  const orgOf = new Int32Array(N).fill(-1);
  const orgPos = new Int32Array(N);
  const groupOf = new Int32Array(N).fill(-1);
  const groupPos = new Int32Array(N);
  const adviserOf = new Int32Array(N).fill(-1);
  const driverOf = new Int32Array(N).fill(-1);
  const firstSale = new Int32Array(N).fill(-1);
  const visited = new Uint8Array(N);
  const degree = new Uint32Array(N);
  const planted = new Uint8Array(N);

  const ties = open('ties', ['from', 'to', 'kind', 'strength']);
  const strength = (lo: number, hi: number) => Math.round((lo + rng.next() * (hi - lo)) * 100) / 100;
  const tie = async (a: number, b: number, kind: string, s: number) => {
    degree[a]!++;
    degree[b]!++;
    await put(ties, [pid(a), pid(b), kind, s]);
  };

  // ---- 1. households, with family ties among all members
  say('households');
  const ROLE_SETS: Record<number, [number[], number][]> = {
    1: [[[ROLE_HEAD], 1]],
    2: [
      [[ROLE_HEAD, ROLE_SPOUSE], 85],
      [[ROLE_HEAD, ROLE_CHILD], 10],
      [[ROLE_HEAD, ROLE_PARENT], 5],
    ],
    3: [
      [[ROLE_HEAD, ROLE_SPOUSE, ROLE_CHILD], 80],
      [[ROLE_HEAD, ROLE_SPOUSE, ROLE_PARENT], 20],
    ],
    4: [
      [[ROLE_HEAD, ROLE_SPOUSE, ROLE_CHILD, ROLE_CHILD], 60],
      [[ROLE_HEAD, ROLE_SPOUSE, ROLE_CHILD, ROLE_PARENT], 40],
    ],
    5: [[[ROLE_HEAD, ROLE_SPOUSE, ROLE_CHILD, ROLE_CHILD, ROLE_PARENT], 1]],
  };
  const rolePick: Record<number, Weighted<number[]>> = {};
  for (const [k, v] of Object.entries(ROLE_SETS)) rolePick[Number(k)] = new Weighted(v);
  const sizePick = new Weighted<number>([
    [1, 20],
    [2, 30],
    [3, 30],
    [4, 15],
    [5, 5],
  ]);
  const heads: number[] = [];
  for (let i = 0; i < N; ) {
    const size = Math.min(sizePick.pick(rng), N - i);
    const d = dealerPick.pick(rng);
    const home = dealers[d]!;
    const provinceCities = PROVINCES[home.region]!;
    const c = cityIndex(rng.chance(0.75) || provinceCities.length === 1 ? home.city : rng.pick(provinceCities));
    const roles = rolePick[size]!.pick(rng);
    const headSex = rng.chance(0.5) ? 1 : 2;
    const headAge = rng.range(25, 64);
    const family = surnamePick.pick(rng);
    let spouseSurname = family;
    heads.push(i);
    for (let k = 0; k < size; k++) {
      const p = i + k;
      dealer[p] = d;
      city[p] = c;
      hhStart[p] = i;
      hhSize[p] = size;
      const role = roles[k]!;
      hhRole[p] = role;
      if (role === ROLE_HEAD) {
        sex[p] = headSex;
        age[p] = headAge;
        surname[p] = family;
      } else if (role === ROLE_SPOUSE) {
        sex[p] = 3 - headSex;
        age[p] = Math.max(22, Math.min(75, headAge + rng.range(-5, 5)));
        spouseSurname = surnamePick.pick(rng);
        surname[p] = spouseSurname;
      } else if (role === ROLE_CHILD) {
        sex[p] = rng.chance(0.5) ? 1 : 2;
        age[p] = Math.max(1, headAge - rng.range(24, 34));
        surname[p] = headSex === 1 || spouseSurname === family ? family : spouseSurname;
      } else {
        sex[p] = rng.chance(0.5) ? 1 : 2;
        age[p] = Math.min(90, headAge + rng.range(24, 32));
        surname[p] = rng.chance(0.5) ? family : surnamePick.pick(rng);
      }
    }
    for (let a = 0; a < size; a++) {
      for (let b = a + 1; b < size; b++) {
        const ra = roles[a]!;
        const rb = roles[b]!;
        const couple = ra === ROLE_HEAD && rb === ROLE_SPOUSE;
        const parental = ra === ROLE_PARENT || rb === ROLE_PARENT || ra === ROLE_CHILD || rb === ROLE_CHILD;
        const s = couple ? strength(0.9, 1) : ra === ROLE_CHILD && rb === ROLE_CHILD ? strength(0.75, 0.9) : parental ? strength(0.75, 0.95) : strength(0.55, 0.7);
        await tie(i + a, i + b, 'family', s);
      }
    }
    i += size;
  }

  const byDealer: number[][] = dealers.map(() => []);
  for (let p = 0; p < N; p++) byDealer[dealer[p]!]!.push(p);

  // ---- 2. organisations: Pareto-sized workplaces, colleagues as a ring lattice, owners and their drivers
  say('workplaces');
  const orgW = open('organizations', ['id', 'name', 'industry', 'region']);
  const empW = open('employments', ['person', 'organization', 'title', 'since']);
  const orgStart: number[] = [];
  const orgSize: number[] = [];
  const orgDealer: number[] = [];
  const orgIndustry: number[] = [];
  const orgName: string[] = [];
  const orgMembers: number[] = [];
  const isOwner = new Uint8Array(N);
  const orgId = (o: number) => `${ns}O${String(o + 1).padStart(6, '0')}`;
  for (let d = 0; d < dealers.length; d++) {
    const pool = rng.shuffle(byDealer[d]!.filter((p) => age[p]! >= 22 && age[p]! <= 60 && rng.chance(0.72)));
    const home = dealers[d]!;
    for (let k = 0; k < pool.length; ) {
      const size = Math.min(pool.length - k, Math.max(2, rng.pareto(2, 1.5, spec.orgCap)));
      const o = orgStart.length;
      const industry = rng.int(INDUSTRIES.length);
      const name = `${home.city}${rng.pick(COMPANY_WORDS)}${INDUSTRIES[industry]!.suffix}`;
      orgStart.push(orgMembers.length);
      orgSize.push(size);
      orgDealer.push(d);
      orgIndustry.push(industry);
      orgName.push(name);
      await put(orgW, [orgId(o), name, INDUSTRIES[industry]!.name, home.region]);
      const members = pool.slice(k, k + size);
      k += size;
      let driver = -1;
      if (size >= 15 && rng.chance(0.6)) driver = members[1 + rng.int(size - 1)]!;
      for (let pos = 0; pos < size; pos++) {
        const p = members[pos]!;
        orgMembers.push(p);
        orgOf[p] = o;
        orgPos[p] = pos;
        const owner = pos === 0 && size >= 3;
        if (owner) isOwner[p] = 1;
        const title = owner ? rng.pick(OWNER_TITLES) : p === driver ? '司机' : rng.pick(STAFF_TITLES);
        await put(empW, [pid(p), orgId(o), title, iso(until - rng.int(15 * 365))]);
      }
      if (size === 2) await tie(members[0]!, members[1]!, 'colleague', strength(0.3, 0.7));
      const k2 = size >= 3 ? Math.min(COLLEAGUE_K, Math.floor((size - 1) / 2)) : 0;
      for (let pos = 0; pos < size && k2 > 0; pos++) {
        for (let j = 1; j <= k2; j++) await tie(members[pos]!, members[(pos + j) % size]!, 'colleague', strength(0.3, 0.7));
      }
      if (driver >= 0) {
        driverOf[members[0]!] = driver;
        await tie(driver, members[0]!, 'driver', strength(0.6, 0.9));
      }
    }
  }
  const orgCount = orgStart.length;
  const orgOwner = (o: number) => (orgSize[o]! >= 3 ? orgMembers[orgStart[o]!]! : -1);

  // ---- 3. supply chains between organisations of one area, and business partners across them
  say('supply chains');
  const supW = open('supplies', ['from', 'to']);
  const byDealerIndustry = new Map<string, number[]>();
  for (let o = 0; o < orgCount; o++) {
    const key = `${orgDealer[o]}:${INDUSTRIES[orgIndustry[o]!]!.name}`;
    const list = byDealerIndustry.get(key) ?? [];
    list.push(o);
    byDealerIndustry.set(key, list);
  }
  const supplyPairs = new Set<string>();
  const partnerPairs = new Set<number>();
  const partner = async (a: number, b: number) => {
    if (a < 0 || b < 0 || a === b) return;
    const key = Math.min(a, b) * N + Math.max(a, b);
    if (partnerPairs.has(key)) return;
    partnerPairs.add(key);
    await tie(a, b, 'business_partner', strength(0.4, 0.8));
  };
  for (let o = 0; o < orgCount; o++) {
    const downstream = INDUSTRIES[orgIndustry[o]!]!.supplies;
    if (downstream.length === 0 || !rng.chance(0.6)) continue;
    const n = 1 + rng.int(3);
    for (let j = 0; j < n; j++) {
      const list = byDealerIndustry.get(`${orgDealer[o]}:${rng.pick(downstream)}`);
      if (!list) continue;
      const b = rng.pick(list);
      const key = `${o},${b}`;
      if (b === o || supplyPairs.has(key)) continue;
      supplyPairs.add(key);
      await put(supW, [orgId(o), orgId(b)]);
      await partner(orgOwner(o), orgOwner(b));
      if (rng.chance(0.4) && orgSize[o]! > 1 && orgSize[b]! > 1) {
        await partner(orgMembers[orgStart[o]! + 1 + rng.int(orgSize[o]! - 1)]!, orgMembers[orgStart[b]! + 1 + rng.int(orgSize[b]! - 1)]!);
      }
    }
  }

  // ---- 4. friends: circles of 5-13 as a lattice, long links, and a few very social hubs with hundreds of friends
  say('friends');
  const groupStart: number[] = [];
  const groupSize: number[] = [];
  const groupMembers: number[] = [];
  const hubPairs = new Set<number>();
  for (let d = 0; d < dealers.length; d++) {
    const pool = rng.shuffle(byDealer[d]!.filter((p) => age[p]! >= 16));
    for (let k = 0; k < pool.length; ) {
      const size = Math.min(pool.length - k, rng.range(5, 13));
      const g = groupStart.length;
      groupStart.push(groupMembers.length);
      groupSize.push(size);
      const members = pool.slice(k, k + size);
      k += size;
      members.forEach((p, pos) => {
        groupMembers.push(p);
        groupOf[p] = g;
        groupPos[p] = pos;
      });
      const kk = size >= 3 ? Math.min(2, Math.floor((size - 1) / 2)) : size - 1;
      for (let pos = 0; pos < size; pos++) {
        for (let j = 1; j <= kk; j++) {
          if (size === 2 && pos === 1) continue;
          await tie(members[pos]!, members[(pos + j) % size]!, 'friend', strength(0.4, 0.9));
        }
      }
    }
    const adults = pool.filter((p) => age[p]! >= 20);
    // an old classmate or neighbour outside the circle: the long links of a small world
    for (const p of adults) {
      if (!rng.chance(0.35)) continue;
      const f = rng.pick(adults);
      const key = Math.min(p, f) * N + Math.max(p, f);
      if (f === p || groupOf[f] === groupOf[p] || hubPairs.has(key)) continue;
      hubPairs.add(key);
      await tie(p, f, 'friend', strength(0.3, 0.8));
    }
    const hubs = Math.max(1, Math.round(adults.length * 0.015));
    for (let h = 0; h < hubs; h++) {
      const hub = rng.pick(adults);
      const n = Math.min(adults.length - 1, rng.pareto(15, 1.5, spec.hubCap));
      for (let j = 0; j < n; j++) {
        const f = rng.pick(adults);
        if (f === hub || groupOf[f] === groupOf[hub]) continue;
        const key = Math.min(hub, f) * N + Math.max(hub, f);
        if (hubPairs.has(key)) continue;
        hubPairs.add(key);
        await tie(hub, f, 'friend', strength(0.3, 0.7));
      }
    }
  }

  /** The people someone has ties to, from the structures above (lattice neighbours, not the long links). */
  const neighbours = (p: number): [number, string][] => {
    const out: [number, string][] = [];
    const hs = hhStart[p]!;
    for (let k = 0; k < hhSize[p]!; k++) {
      const q = hs + k;
      if (q === p) continue;
      const rp = hhRole[p]!;
      const rq = hhRole[q]!;
      const role =
        (rp === ROLE_HEAD && rq === ROLE_SPOUSE) || (rp === ROLE_SPOUSE && rq === ROLE_HEAD)
          ? 'spouse'
          : rq === ROLE_CHILD && rp !== ROLE_CHILD
            ? 'child'
            : (rp === ROLE_CHILD && rq !== ROLE_CHILD) || rq === ROLE_PARENT
              ? 'parent'
              : 'other';
      out.push([q, role]);
    }
    const g = groupOf[p]!;
    if (g >= 0) {
      const s = groupSize[g]!;
      const kk = s >= 3 ? Math.min(2, Math.floor((s - 1) / 2)) : s - 1;
      for (let j = 1; j <= kk; j++) {
        for (const q of [groupMembers[groupStart[g]! + ((groupPos[p]! + j) % s)]!, groupMembers[groupStart[g]! + ((groupPos[p]! - j + s) % s)]!]) {
          if (q !== p && !out.some(([x]) => x === q)) out.push([q, 'friend']);
        }
      }
    }
    const o = orgOf[p]!;
    if (o >= 0) {
      const s = orgSize[o]!;
      const kk = s >= 3 ? Math.min(COLLEAGUE_K, Math.floor((s - 1) / 2)) : s - 1;
      for (let j = 1; j <= kk; j++) {
        for (const q of [orgMembers[orgStart[o]! + ((orgPos[p]! + j) % s)]!, orgMembers[orgStart[o]! + ((orgPos[p]! - j + s) % s)]!]) {
          if (q !== p && !out.some(([x]) => x === q)) out.push([q, 'colleague']);
        }
      }
    }
    return out;
  };

  // ---- 5. advisers: the planted influencers (0.5% of adults, consulted by many) and ordinary car-savvy friends
  say('advisers');
  interface Planted {
    person: number;
    brand: string;
    advisees: number[];
  }
  const plantedList: Planted[] = [];
  for (let d = 0; d < dealers.length; d++) {
    const adults = byDealer[d]!.filter((p) => age[p]! >= 20);
    const candidates = adults.filter((p) => age[p]! >= 28 && age[p]! <= 55);
    const n = Math.max(2, Math.round(adults.length * 0.005));
    for (let k = 0; k < n && candidates.length > 0; k++) {
      const a = candidates[rng.int(candidates.length)]!;
      if (planted[a]) continue;
      planted[a] = 1;
      plantedList.push({ person: a, brand: rng.pick(dealerBrands[d]!), advisees: [] });
    }
    for (const pl of plantedList.filter((x) => dealer[x.person] === d)) {
      const want = Math.min(Math.floor(adults.length / 3), rng.pareto(10, 1.2, spec.adviseeCap));
      const chosen = new Set<number>();
      const near = neighbours(pl.person).map(([q]) => q);
      for (let tries = 0; chosen.size < want && tries < want * 4; tries++) {
        const q = tries % 2 === 0 && near.length > 0 ? rng.pick(near) : rng.pick(adults);
        if (q === pl.person || planted[q] || chosen.has(q) || age[q]! < 20) continue;
        chosen.add(q);
      }
      for (const q of chosen) {
        pl.advisees.push(q);
        if (adviserOf[q]! < 0) adviserOf[q] = pl.person;
        await tie(pl.person, q, 'adviser', strength(0.6, 0.95));
      }
    }
    // ordinary advisers: one to three friends or colleagues each
    for (const a of adults) {
      if (planted[a] || !rng.chance(0.02)) continue;
      const near = neighbours(a).filter(([q, role]) => role !== 'child' && age[q]! >= 20 && !planted[q]);
      const chosen = new Set<number>();
      const n2 = 1 + rng.int(3);
      for (let j = 0; j < n2 && near.length > 0; j++) chosen.add(rng.pick(near)[0]);
      for (const q of chosen) await tie(a, q, 'adviser', strength(0.4, 0.8));
    }
  }

  // ---- 6. users: one demo user per role, and a few salespeople per dealership
  say('users');
  const userW = open('users', ['id', 'username', 'display_name', 'role', 'dealership', 'password_hash', 'disabled']);
  const randomName = () => {
    const s = SURNAMES[surnamePick.pick(rng)]![0];
    const male = rng.chance(0.5);
    return s + (rng.chance(0.75) ? rng.pick(GIVEN_FIRST) : '') + rng.pick(male ? GIVEN_MALE : GIVEN_FEMALE);
  };
  // one hash (cost 10, salt from the seeded stream) for every generated user: they share the documented
  // password anyway, and bcrypt in plain JS costs a quarter second per hash
  const saltBytes = Array.from({ length: 16 }, () => rng.int(256));
  const demoHash = bcrypt.hashSync(DEMO_PASSWORD, `$2b$10$${bcrypt.encodeBase64(saltBytes, 16)}`);
  const hash = (password: string) => (password === DEMO_PASSWORD ? demoHash : bcrypt.hashSync(password, 10));
  const salespeople: string[][] = dealers.map(() => []);
  const salesNames: string[][] = dealers.map(() => []);
  for (const role of DEMO_ROLES) {
    const d = role === 'manager' || role === 'salesperson' ? dealers[0]!.id : '';
    const id = `${ns}U-demo-${role}`;
    const name = randomName();
    await put(userW, [id, `${ns}demo-${role}`, name, role, d, hash(DEMO_PASSWORD), false]);
    if (role === 'salesperson') {
      salespeople[0]!.push(id);
      salesNames[0]!.push(name);
    }
  }
  for (let d = 0; d < dealers.length; d++) {
    for (let k = salespeople[d]!.length; k < spec.salespeople; k++) {
      const id = `${ns}U-${dealers[d]!.key}-${String(k + 1).padStart(2, '0')}`;
      const name = randomName();
      await put(userW, [id, `${ns}sales-${dealers[d]!.key}-${k + 1}`, name, 'salesperson', dealers[d]!.id, hash(DEMO_PASSWORD), false]);
      salespeople[d]!.push(id);
      salesNames[d]!.push(name);
    }
  }
  const salespersonPick = dealers.map((_, d) => new Weighted(salespeople[d]!.map((_, k) => [k, 1 / (k + 1)] as const)));

  // ---- 7. sales: organic purchases, referral chains (a branching process), repurchases three years on
  say('sales');
  const saleBuyer: number[] = [];
  const saleDay: number[] = [];
  const saleModel: number[] = [];
  const salePrice: number[] = [];
  const saleSp: number[] = [];
  const sid = (s: number) => `S${String(s + 1).padStart(7, '0')}`;
  const chooseModel = (p: number, minPrice: number, r: Rng): number => {
    const d = dealer[p]!;
    const adviser = adviserOf[p]!;
    const fav = adviser >= 0 ? plantedList.find((x) => x.person === adviser)?.brand : undefined;
    const brand = fav && dealerBrands[d]!.includes(fav) && r.chance(0.6) ? fav : r.pick(dealerBrands[d]!);
    let m = brandModelPick.get(brand)!.pick(r);
    for (let tries = 0; tries < 5 && models[m]!.price < minPrice; tries++) m = brandModelPick.get(r.pick(dealerBrands[d]!))!.pick(r);
    return m;
  };
  const newSale = (p: number, day: number, minPrice = 0, r: Rng = rng): number => {
    const s = saleBuyer.length;
    const m = chooseModel(p, minPrice, r);
    saleBuyer.push(p);
    saleDay.push(day);
    saleModel.push(m);
    salePrice.push(Math.round((models[m]!.price * (0.88 + 0.12 * r.next())) / 100) * 100);
    saleSp.push(salespersonPick[dealer[p]!]!.pick(r));
    if (firstSale[p]! < 0) firstSale[p] = s;
    return s;
  };
  for (const h of heads) {
    const spouse = hhSize[h]! >= 2 && hhRole[h + 1] === ROLE_SPOUSE ? h + 1 : -1;
    let p = 0.28;
    if (isOwner[h] || (spouse >= 0 && isOwner[spouse])) p = 0.6;
    if (adviserOf[h]! >= 0 || (spouse >= 0 && adviserOf[spouse]! >= 0)) p += 0.25;
    if (!rng.chance(p)) continue;
    const buyer = spouse >= 0 && rng.chance(0.35) ? spouse : h;
    newSale(buyer, first + rng.int(until - first + 1));
  }
  // single adults outside households' heads also buy (grown-up children, parents), more rarely
  for (let q = 0; q < N; q++) {
    if (hhRole[q] === ROLE_CHILD && age[q]! >= 22 && firstSale[q]! < 0 && rng.chance(0.12 + (adviserOf[q]! >= 0 ? 0.2 : 0))) {
      newSale(q, first + rng.int(until - first + 1));
    }
  }
  const organic = saleBuyer.length;
  // referral chains: every buyer refers Poisson(λ) tied non-buyers, who buy within months and may refer on
  const refW = open('referrals', ['referrer', 'referee', 'date', 'channel', 'sale']);
  const rootOf = new Map<number, number>();
  const depthOf = new Map<number, number>();
  const chainEdges = new Map<number, { edges: [string, string, string, string][]; hops: number }>();
  for (let s = 0; s < saleBuyer.length; s++) {
    const buyer = saleBuyer[s]!;
    if (firstSale[buyer] !== s) continue;
    const referred = rootOf.has(s);
    const lambda = planted[buyer] ? 1.5 : referred ? 0.45 : 0.25;
    const k = rng.poisson(lambda);
    for (let j = 0; j < k; j++) {
      const cands = neighbours(buyer).filter(([q]) => firstSale[q]! < 0 && age[q]! >= 20);
      if (cands.length === 0) break;
      const [q] = rng.pick(cands);
      const day = saleDay[s]! + 14 + rng.int(150);
      if (day > until) break;
      const s2 = newSale(q, day);
      const root = rootOf.get(s) ?? s;
      rootOf.set(s2, root);
      depthOf.set(s2, (depthOf.get(s) ?? 0) + 1);
      const refDate = iso(day - rng.int(Math.min(10, day - saleDay[s]!)));
      await put(refW, [pid(buyer), pid(q), refDate, rng.pick(REFERRAL_CHANNELS), sid(s2)]);
      const chain = chainEdges.get(root) ?? { edges: [], hops: 0 };
      chain.edges.push([pid(buyer), pid(q), sid(s2), refDate]);
      chain.hops = Math.max(chain.hops, depthOf.get(s2)!);
      chainEdges.set(root, chain);
    }
  }
  const referredSales = saleBuyer.length - organic;
  // repurchase: some buyers buy again about three years later, usually a better car
  let repurchases = 0;
  const firstSales = saleBuyer.length;
  for (let s = 0; s < firstSales; s++) {
    if (saleDay[s]! > until - 3 * 365 || !rng.chance(0.3)) continue;
    const day = saleDay[s]! + 900 + rng.int(360);
    if (day > until) continue;
    newSale(saleBuyer[s]!, day, models[saleModel[s]!]!.price);
    repurchases++;
  }
  // this week's deliveries: each store handed over a few cars in the last seven days, so their thank-you calls (due
  // a week after the sale) are still open when the data is loaded. Drawn from a stream of their own and left out of
  // the visit and after-sales steps below (no testimonial or service yet), so the rest of the data set is unchanged.
  const regularSales = saleBuyer.length;
  const recentRng = new Rng(seed ^ 0x5eed7);
  for (let d = 0; d < dealers.length; d++) {
    const pool: number[] = [];
    for (let q = 0; q < N; q++) if (dealer[q] === d && firstSale[q]! < 0 && age[q]! >= 22) pool.push(q);
    for (let k = 0; k < spec.recentSales && pool.length > 0; k++) {
      const at = recentRng.int(pool.length);
      const p = pool[at]!;
      pool[at] = pool[pool.length - 1]!;
      pool.pop();
      newSale(p, until - recentRng.int(7), 0, recentRng);
    }
  }

  const saleW = open('sales', ['id', 'buyer', 'brand', 'model', 'date', 'price', 'vin', 'salesperson', 'dealership']);
  // serials start at a namespace's own offset, so two namespaces rarely line up serial for serial
  const serialBase = salt.readUInt32BE(0) % Math.max(1, 999_999 - saleBuyer.length);
  for (let s = 0; s < saleBuyer.length; s++) {
    const m = models[saleModel[s]!]!;
    const year = new Date(saleDay[s]! * DAY_MS).getUTCFullYear();
    const v = vin(BRANDS[m.brand]!.wmi, m.vds, year, saltChar(16 + (s % 4)), serialBase + s + 1);
    const p = saleBuyer[s]!;
    await put(saleW, [sid(s), pid(p), m.brand, m.model, iso(saleDay[s]!), salePrice[s]!, v, salespeople[dealer[p]!]![saleSp[s]!]!, dealers[dealer[p]!]!.id]);
  }

  // ---- 8. showroom visits before each sale, and prospects who visited without buying
  say('visits');
  const visitW = open('visits', ['id', 'person', 'date', 'companions', 'kind', 'dealership']);
  const intW = open('interactions', ['person', 'date', 'kind', 'dealership']);
  let visitCount = 0;
  const companionsFor = (p: number): string => {
    if (!rng.chance(0.8)) return '';
    const n = rng.chance(0.55) ? 1 : rng.chance(0.67) ? 2 : 3;
    const chosen: [number, string][] = [];
    const adviser = adviserOf[p]!;
    if (adviser >= 0 && rng.chance(0.6)) chosen.push([adviser, 'adviser']);
    const driver = driverOf[p]!;
    if (driver >= 0 && driver !== adviser && chosen.length < n && rng.chance(0.5)) chosen.push([driver, 'driver']);
    const pool = neighbours(p).filter(([q]) => age[q]! >= 12);
    for (let tries = 0; chosen.length < n && tries < 8 && pool.length > 0; tries++) {
      const c = rng.pick(pool);
      if (!chosen.some(([q]) => q === c[0])) chosen.push(c);
    }
    return chosen.map(([q, role]) => `${pid(q)}:${role}`).join(';');
  };
  const visit = async (p: number, day: number, kind: string) => {
    visitCount++;
    visited[p] = 1;
    await put(visitW, [`V${String(visitCount).padStart(7, '0')}`, pid(p), iso(day), companionsFor(p), kind, dealers[dealer[p]!]!.id]);
  };
  for (let s = 0; s < regularSales; s++) {
    const p = saleBuyer[s]!;
    const n = 1 + (rng.chance(0.45) ? 1 : 0) + (rng.chance(0.12) ? 1 : 0);
    const span = 3 + rng.int(50);
    for (let k = 0; k < n; k++) {
      const day = saleDay[s]! - Math.round((span * (n - 1 - k)) / Math.max(1, n - 1)) - (k === n - 1 ? rng.int(3) : 0);
      await visit(p, day, (n >= 2 && k === 1) || (n === 1 && rng.chance(0.5)) ? 'test_drive' : 'showroom');
    }
  }
  for (let p = 0; p < N; p++) {
    // this week's buyers (see above) may well have been prospects who visited before
    if ((firstSale[p]! >= 0 && firstSale[p]! < regularSales) || age[p]! < 22 || !rng.chance(0.05)) continue;
    const n = rng.chance(0.7) ? 1 : 2;
    let day = until - rng.int(720);
    for (let k = 0; k < n; k++) {
      await visit(p, day, k === 1 ? 'test_drive' : 'showroom');
      if (rng.chance(0.7)) await put(intW, [pid(p), iso(Math.min(until, day + 1 + rng.int(5))), 'call', dealers[dealer[p]!]!.id]);
      day = Math.min(until, day + 3 + rng.int(20));
    }
  }

  // ---- 9. testimonials, service records and the follow-up interactions of each sale
  say('after-sales');
  const testW = open('testimonials', ['id', 'author', 'sale', 'text', 'rating', 'date', 'publish_consent', 'call_consent', 'status', 'dealership']);
  const svcW = open('service_records', ['id', 'sale', 'date', 'kind', 'mileage', 'notes', 'dealership']);
  const ratingPick = new Weighted<number>([
    [1, 1],
    [2, 4],
    [3, 10],
    [4, 30],
    [5, 55],
  ]);
  let testimonialCount = 0;
  let serviceCount = 0;
  const reviewed = new Uint8Array(regularSales);
  /**
   * A testimonial's words for sale s, by rating, filled with the car, an aspect, a complaint that fits its
   * powertrain and the salesperson. The four draws from `r` are the ones every earlier version made (the first
   * chose one of a few whole sentences), so the rest of the data set stays as it was; the sentence is put together
   * from parts drawn from a stream of the sale's own.
   */
  const testimonialText = (s: number, rating: number, r: Rng): string => {
    const m = models[saleModel[s]!]!;
    r.next();
    const aspect = r.pick(ASPECTS[m.powertrain]);
    const complaint = r.pick(COMPLAINTS[m.powertrain]);
    const sp = salesNames[dealer[saleBuyer[s]!]!]![saleSp[s]!]!.slice(0, 1) + (r.chance(0.5) ? '经理' : '顾问');
    const own = new Rng((Math.imul(seed, 0x2c1b3c6d) ^ Math.imul(s + 1, 0x297a2d39) ^ 0x7e57) >>> 0);
    let text: string;
    if (rating >= 4) {
      const car = own.pick(GOOD_CAR_LINES);
      const service = own.pick(GOOD_SERVICE_LINES);
      const [first, second] = own.chance(0.3) ? [service, car] : [car, service];
      text = `${own.pick(GOOD_OPENINGS)}${first}，${second}${own.pick(GOOD_CLOSINGS)}`;
    } else if (rating === 3) {
      text = `${own.pick(MIXED_GOOD_PARTS)}，${own.pick(MIXED_BUTS)}{complaint}${own.pick(MIXED_ENDINGS)}`;
    } else {
      text = `${own.pick(BAD_OPENINGS)}，{complaint}${own.pick(BAD_ENDINGS)}`;
    }
    return text
      .replace('{model}', `${m.brand}${m.model}`)
      .replace('{aspect}', aspect)
      .replace('{complaint}', complaint)
      .replaceAll('{sp}', sp);
  };
  const consent = { publish: 0, call: 0, none: 0, withdrawn: 0 };
  /** One row of testimonials.csv for sale s, by its buyer at its store, counted in the summary. */
  const writeTestimonial = async (s: number, text: string, rating: number, day: number, publish: boolean, call: boolean, status: string) => {
    testimonialCount++;
    if (publish) consent.publish++;
    if (call) consent.call++;
    if (!publish && !call) consent.none++;
    if (status === 'withdrawn') consent.withdrawn++;
    const p = saleBuyer[s]!;
    await put(testW, [`T${String(testimonialCount).padStart(7, '0')}`, pid(p), sid(s), text, rating, iso(day), publish, call, status, dealers[dealer[p]!]!.id]);
  };
  for (let s = 0; s < regularSales; s++) {
    const p = saleBuyer[s]!;
    const d = dealer[p]!;
    const dId = dealers[d]!.id;
    if (rng.chance(0.9) && saleDay[s]! + 1 <= until) await put(intW, [pid(p), iso(Math.min(until, saleDay[s]! + 1 + rng.int(6))), 'call', dId]);
    if (rng.chance(0.5) && saleDay[s]! + 20 <= until) await put(intW, [pid(p), iso(Math.min(until, saleDay[s]! + 20 + rng.int(20))), 'message', dId]);
    const tDay = saleDay[s]! + 7 + rng.int(24);
    if (rng.chance(0.3) && tDay <= until) {
      reviewed[s] = 1;
      const rating = ratingPick.pick(rng);
      const text = testimonialText(s, rating, rng);
      const publish = rng.chance(0.65);
      const call = rng.chance(publish ? 0.6 : 0.2);
      const status = rng.chance(0.05) ? 'withdrawn' : publish && rng.chance(0.85) ? 'published' : 'draft';
      await writeTestimonial(s, text, rating, tDay, publish, call, status);
    }
    let day = saleDay[s]! + 150 + rng.int(90);
    let km = 0;
    let last = saleDay[s]!;
    let firstService = true;
    while (day <= until) {
      km += (day - last) * (25 + rng.int(35));
      last = day;
      if (rng.chance(0.85)) {
        serviceCount++;
        const within3y = day - saleDay[s]! <= 3 * 365;
        const x = rng.next();
        const kind = firstService ? 'maintenance' : x < 0.78 ? 'maintenance' : x < 0.88 ? 'repair' : x < 0.94 && within3y ? 'warranty' : 'inspection';
        const notes = firstService ? '首保' : rng.pick(SERVICE_NOTES[kind]!);
        firstService = false;
        await put(svcW, [`R${String(serviceCount).padStart(7, '0')}`, sid(s), iso(day), kind, km, notes, dId]);
        if (rng.chance(0.3)) await put(intW, [pid(p), iso(day), 'service', dId]);
      }
      day += 270 + rng.int(150);
    }
  }
  // the weekly board's material (demo): in each of the last few ISO weeks (this one up to today), each store hears
  // from customers of earlier years too, as dealers ask at a service visit or a call, most of whom agree to be named.
  // No new sales, so the sales curve is unchanged; drawn from the deliveries' stream, so the rest is too.
  const boardAuthors = new Set<number>();
  const monday = until - ((until + 3) % 7); // day 0 (1970-01-01) was a Thursday
  const boardPick: { s: number; day: number }[] = [];
  // each store's sales still without a testimonial, in one pass over the sales
  const pools: number[][] = dealers.map(() => []);
  if (spec.boardWeeks > 0) for (let s = 0; s < regularSales; s++) if (!reviewed[s]) pools[dealer[saleBuyer[s]!]!]!.push(s);
  for (let d = 0; d < dealers.length && spec.boardWeeks > 0; d++) {
    const pool = pools[d]!;
    for (let w = 0; w < spec.boardWeeks; w++) {
      const start = monday - 7 * w;
      const days = Math.min(7, until - start + 1);
      for (let k = 0; k < spec.boardTestimonials && pool.length > 0; k++) {
        const day = start + recentRng.int(days);
        // a sale of the last three years, a week or more before (after its thank-you call)
        for (let tries = 0; tries < 20 && pool.length > 0; tries++) {
          const at = recentRng.int(pool.length);
          const s = pool[at]!;
          if (saleDay[s]! > day - 8 || saleDay[s]! < day - 3 * 365) continue;
          pool[at] = pool[pool.length - 1]!;
          pool.pop();
          boardPick.push({ s, day });
          break;
        }
      }
    }
  }
  for (const { s, day } of boardPick) {
    const rating = ratingPick.pick(recentRng);
    const text = testimonialText(s, rating, recentRng);
    const publish = recentRng.chance(0.85);
    const call = recentRng.chance(publish ? 0.7 : 0.2);
    const status = publish && recentRng.chance(0.92) ? 'published' : 'draft';
    // who lets the dealer publish a review lets it show their name, mostly
    if (publish && recentRng.chance(0.95)) boardAuthors.add(saleBuyer[s]!);
    await writeTestimonial(s, text, rating, day, publish, call, status);
  }

  // ---- 10. people, now that everyone's kind is known
  say('people');
  const peopleW = open('people', ['id', 'name', 'phone', 'region', 'kind', 'share_consent', 'contact_consent', 'city', 'employer', 'notes', 'dealership']);
  const kinds = { buyer: 0, prospect: 0, contact: 0 };
  for (let p = 0; p < N; p++) {
    const kind = firstSale[p]! >= 0 ? 'buyer' : visited[p] ? 'prospect' : 'contact';
    kinds[kind]++;
    const male = sex[p] === 1;
    const given = (rng.chance(0.75) ? rng.pick(GIVEN_FIRST) : '') + rng.pick(male ? GIVEN_MALE : GIVEN_FEMALE);
    const name = SURNAMES[surname[p]!]![0] + given;
    let phone = '';
    if (kind !== 'contact' || rng.chance(0.6)) {
      const prefix = rng.pick(PHONE_PREFIXES);
      const rest = String(rng.int(100_000_000)).padStart(8, '0');
      const x = rng.next();
      phone =
        x < 0.9
          ? `${prefix}${rest}`
          : x < 0.95
            ? `+86 ${prefix} ${rest.slice(0, 4)} ${rest.slice(4)}`
            : `${prefix}-${rest.slice(0, 4)}-${rest.slice(4)}`;
    }
    const share = rng.chance(kind === 'buyer' ? 0.55 : kind === 'prospect' ? 0.35 : 0.2) || boardAuthors.has(p);
    const contact = rng.chance(kind === 'buyer' ? 0.75 : kind === 'prospect' ? 0.6 : 0.3);
    const c = cities[city[p]!]!;
    const o = orgOf[p]!;
    const notes = kind !== 'contact' && rng.chance(0.1) ? rng.pick(PERSON_NOTES) : '';
    await put(peopleW, [pid(p), name, phone, c.province, kind, share, contact, c.city, o >= 0 ? orgName[o]! : '', notes, dealers[dealer[p]!]!.id]);
  }

  // ---- 11. reference files
  const dealerW = open('dealerships', ['id', 'name', 'city', 'region', 'brands']);
  for (const d of dealers) await put(dealerW, [d.id, d.name, d.city, d.region, d.brands.join(';')]);
  const modelW = open('vehicle_models', ['brand', 'model', 'segment', 'base_price']);
  for (const m of models) await put(modelW, [m.brand, m.model, m.segment, m.price]);

  for (const w of writers) await w.close();
  for (const w of writers) counts[path.basename(w.file, '.csv')] = w.rows;

  // ---- 12. ground truth for scoring the analytics (not loaded)
  say('ground truth');
  const depthCount: Record<number, number> = {};
  const chains = [...chainEdges.entries()].map(([root, { edges, hops }]) => {
    depthCount[hops] = (depthCount[hops] ?? 0) + 1;
    return { root: pid(saleBuyer[root]!), rootSale: sid(root), hops, people: edges.length + 1, referrals: edges };
  });
  const topDegree = Array.from({ length: N }, (_, i) => i)
    .sort((a, b) => degree[b]! - degree[a]! || a - b)
    .slice(0, 20)
    .map((p) => ({ person: pid(p), ties: degree[p]!, plantedAdviser: planted[p] === 1 }));
  const truth = {
    generator: 'quanzi-seed/1',
    size: opts.size,
    seed,
    until: iso(until),
    namespace: opts.namespace ?? null,
    people: N,
    counts,
    plantedAdvisers: plantedList
      .map((pl) => ({
        person: pid(pl.person),
        dealership: dealers[dealer[pl.person]!]!.id,
        favoriteBrand: pl.brand,
        advisees: pl.advisees.length,
        adviseesWhoBought: pl.advisees.filter((q) => firstSale[q]! >= 0).length,
        ties: degree[pl.person]!,
      }))
      .sort((a, b) => b.advisees - a.advisees || a.person.localeCompare(b.person)),
    referralChains: chains,
    summary: {
      buyers: kinds.buyer,
      prospects: kinds.prospect,
      contacts: kinds.contact,
      organicSales: organic,
      referredSales,
      repurchases,
      chainsByHops: depthCount,
      testimonialConsent: consent,
      maxDegree: topDegree[0]?.ties ?? 0,
      topDegree,
    },
  };
  fs.writeFileSync(path.join(out, 'ground-truth.json'), JSON.stringify(truth, null, 1) + '\n');
  return { out, counts, ms: Date.now() - t0 };
}
