import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../server/data/csv.js';
import { DEMO_PASSWORD, DEMO_ROLES, generateSeed } from '../seeds/generate.js';
import { BRANDS } from '../seeds/tables.js';

const tmp: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-seed-'));
  tmp.push(dir);
  return dir;
}

let demo: string;
const files: Record<string, Record<string, string>[]> = {};
let truth: {
  plantedAdvisers: { person: string; advisees: number; adviseesWhoBought: number }[];
  referralChains: { root: string; hops: number; referrals: [string, string, string, string][] }[];
  summary: { maxDegree: number };
};

beforeAll(async () => {
  demo = tempDir();
  await generateSeed({ size: 'demo', seed: 42, out: demo });
  for (const f of fs.readdirSync(demo).filter((x) => x.endsWith('.csv'))) files[f.replace('.csv', '')] = await readCsvRecords(path.join(demo, f));
  truth = JSON.parse(fs.readFileSync(path.join(demo, 'ground-truth.json'), 'utf8')) as typeof truth;
});
afterAll(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

describe('seed generator: deterministic', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const again = tempDir();
    await generateSeed({ size: 'demo', seed: 42, out: again });
    const names = fs.readdirSync(demo).sort();
    expect(fs.readdirSync(again).sort()).toEqual(names);
    for (const n of names) expect(fs.readFileSync(path.join(again, n)).equals(fs.readFileSync(path.join(demo, n))), n).toBe(true);
    const other = tempDir();
    await generateSeed({ size: 'demo', seed: 43, out: other });
    expect(fs.readFileSync(path.join(other, 'people.csv')).equals(fs.readFileSync(path.join(demo, 'people.csv')))).toBe(false);
  });

  it('gives every namespace its own VINs, so two loads of one seed can share a database', async () => {
    // the tests load seed 42 under several namespaces into one Neo4j, where a VIN is unique
    const vins: string[][] = [];
    for (const ns of ['vin-a', 'vin-b', 'vin-c', 'vin-d']) {
      const out = tempDir();
      await generateSeed({ size: 'demo', seed: 42, out, namespace: ns, until: ns === 'vin-d' ? '2026-11-27' : '2026-06-30' });
      vins.push((await readCsvRecords(path.join(out, 'sales.csv'))).map((s) => s.vin!));
    }
    const all = vins.flat();
    expect(all.length).toBe(vins[0]!.length * 4);
    expect(new Set(all).size).toBe(all.length);
  });

  it('shifts only the dates when the end of the window moves', async () => {
    const later = tempDir();
    await generateSeed({ size: 'demo', seed: 42, out: later, until: '2027-06-30' });
    const a = await readCsvRecords(path.join(demo, 'ties.csv'));
    const b = await readCsvRecords(path.join(later, 'ties.csv'));
    expect(b).toEqual(a);
    const sa = await readCsvRecords(path.join(demo, 'sales.csv'));
    const sb = await readCsvRecords(path.join(later, 'sales.csv'));
    expect(sb.map((s) => s.buyer)).toEqual(sa.map((s) => s.buyer));
    const days = (iso: string) => Date.parse(iso) / 86_400_000;
    expect(days(sb[0]!.date!) - days(sa[0]!.date!)).toBe(365);
  });
});

describe('seed generator: the demo set looks like a dealer group', () => {
  it('has ~2,000 people over 3 dealerships, with buyers, prospects and contacts', () => {
    const people = files.people!;
    expect(people).toHaveLength(2000);
    expect(new Set(people.map((p) => p.dealership)).size).toBe(3);
    expect(files.dealerships).toHaveLength(3);
    const kinds = new Map<string, number>();
    for (const p of people) kinds.set(p.kind!, (kinds.get(p.kind!) ?? 0) + 1);
    expect(kinds.get('buyer')).toBeGreaterThan(300);
    expect(kinds.get('prospect')).toBeGreaterThan(20);
    expect(kinds.get('contact')).toBeGreaterThan(800);
    // names by real surname frequency: 王, 李 and 张 are the three most common
    const surnames = new Map<string, number>();
    for (const p of people) surnames.set(p.name![0]!, (surnames.get(p.name![0]!) ?? 0) + 1);
    const top = [...surnames.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([s]) => s);
    expect(top.filter((s) => ['王', '李', '张', '刘', '陈'].includes(s)).length).toBeGreaterThanOrEqual(4);
  });

  it('has every tie kind and a heavy-tailed degree: hubs with over a hundred ties, most people with about ten', () => {
    const ties = files.ties!;
    expect(ties.length).toBeGreaterThan(5_000);
    expect(new Set(ties.map((t) => t.kind))).toEqual(new Set(['family', 'friend', 'colleague', 'business_partner', 'adviser', 'driver']));
    const degree = new Map<string, number>();
    for (const t of ties) for (const p of [t.from!, t.to!]) degree.set(p, (degree.get(p) ?? 0) + 1);
    const sorted = [...degree.values()].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const max = sorted[sorted.length - 1]!;
    expect(max).toBeGreaterThanOrEqual(100);
    expect(max).toBe(truth.summary.maxDegree);
    expect(median).toBeLessThanOrEqual(12);
    expect(max / median).toBeGreaterThan(10);
  });

  it('plants advisers consulted by many, and they are in the ground truth', () => {
    const advises = new Map<string, number>();
    for (const t of files.ties!) if (t.kind === 'adviser') advises.set(t.from!, (advises.get(t.from!) ?? 0) + 1);
    expect(truth.plantedAdvisers.length).toBeGreaterThanOrEqual(6);
    for (const a of truth.plantedAdvisers) {
      expect(advises.get(a.person)).toBe(a.advisees);
      expect(a.advisees).toBeGreaterThanOrEqual(10);
    }
    const ordinary = [...advises.entries()].filter(([p]) => !truth.plantedAdvisers.some((a) => a.person === p));
    expect(Math.max(...ordinary.map(([, n]) => n))).toBeLessThanOrEqual(3);
  });

  it('generates referral chains matching referrals.csv, some three or more hops deep', () => {
    const refs = files.referrals!;
    const inChains = truth.referralChains.flatMap((c) => c.referrals.map(([a, b, s]) => `${a}>${b}>${s}`)).sort();
    expect(refs.map((r) => `${r.referrer}>${r.referee}>${r.sale}`).sort()).toEqual(inChains);
    expect(truth.referralChains.some((c) => c.hops >= 3)).toBe(true);
    const sales = new Map(files.sales!.map((s) => [s.id!, s]));
    for (const r of refs) expect(sales.get(r.sale!)?.buyer).toBe(r.referee);
  });

  it('has sales over five years with real models and prices, valid VINs, and repurchases about three years on', () => {
    const sales = files.sales!;
    const dates = sales.map((s) => s.date!).sort();
    expect(dates[0]! >= '2021-06-30').toBe(true);
    expect(dates[dates.length - 1]! <= '2026-06-30').toBe(true);
    for (const s of sales) {
      const model = BRANDS[s.brand!]?.models.find((m) => m.model === s.model);
      expect(model, `${s.brand} ${s.model}`).toBeDefined();
      expect(Number(s.price)).toBeLessThanOrEqual(model!.price);
      expect(Number(s.price)).toBeGreaterThanOrEqual(model!.price * 0.87);
      expect(s.vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    }
    expect(new Set(sales.map((s) => s.vin)).size).toBe(sales.length);
    const byBuyer = new Map<string, string[]>();
    for (const s of sales) byBuyer.set(s.buyer!, [...(byBuyer.get(s.buyer!) ?? []), s.date!]);
    const gaps = [...byBuyer.values()].filter((d) => d.length > 1).map((d) => (Date.parse(d.sort()[1]!) - Date.parse(d[0]!)) / 86_400_000);
    expect(gaps.length).toBeGreaterThan(10);
    expect(gaps.every((g) => g >= 900 && g <= 1260)).toBe(true);
  });

  it("ends with each store's deliveries of the last seven days, whose thank-you calls are still to be made", () => {
    // the window ends on 2026-06-30 (DEFAULT_UNTIL): the last seven days are 06-24 … 06-30
    const recent = files.sales!.filter((s) => s.date! >= '2026-06-24');
    for (const d of files.dealerships!) expect(recent.filter((s) => s.dealership === d.id).length, d.id).toBeGreaterThanOrEqual(6);
    expect(recent.filter((s) => s.salesperson === 'U-demo-salesperson').length).toBeGreaterThanOrEqual(2);
    const ids = new Set(recent.map((s) => s.id));
    expect(files.testimonials!.filter((t) => ids.has(t.sale!))).toEqual([]);
    expect(files.service_records!.filter((r) => ids.has(r.sale!))).toEqual([]);
    const buyers = new Set(recent.map((s) => s.buyer));
    expect(files.people!.filter((p) => buyers.has(p.id)).every((p) => p.kind === 'buyer')).toBe(true);
  });

  it('gives each store material for the weekly board in each of the last four ISO weeks', () => {
    // 2026-06-30 (DEFAULT_UNTIL) is the Tuesday of its week: this week so far, then three whole weeks
    const weeks = [['2026-06-29', '2026-06-30'], ['2026-06-22', '2026-06-28'], ['2026-06-15', '2026-06-21'], ['2026-06-08', '2026-06-14']];
    const named = new Set(files.people!.filter((p) => p.share_consent === 'true').map((p) => p.id));
    const sales = new Map(files.sales!.map((s) => [s.id!, s]));
    for (const d of files.dealerships!) {
      for (const [start, end] of weeks) {
        const board = files.testimonials!.filter(
          (t) => t.dealership === d.id && t.date! >= start! && t.date! <= end! && t.status === 'published' && t.publish_consent === 'true' && named.has(t.author!),
        );
        expect(board.length, `${d.id} ${start}`).toBeGreaterThanOrEqual(8);
        for (const t of board) {
          const sale = sales.get(t.sale!)!;
          expect(sale.buyer).toBe(t.author);
          // told after the thank-you call, which was due a week after the sale
          expect((Date.parse(t.date!) - Date.parse(sale.date!)) / 86_400_000).toBeGreaterThanOrEqual(7);
        }
      }
    }
    // the board's testimonials come from earlier customers, not from extra sales: no month before the last (which
    // has this week's deliveries) sells more than three times the median month
    const perMonth = new Map<string, number>();
    for (const s of files.sales!) perMonth.set(s.date!.slice(0, 7), (perMonth.get(s.date!.slice(0, 7)) ?? 0) + 1);
    const months = [...perMonth.entries()].filter(([m]) => m < '2026-06').map(([, n]) => n).sort((a, b) => a - b);
    const median = months[Math.floor(months.length / 2)]!;
    expect(Math.max(...months)).toBeLessThanOrEqual(3 * median);
  });

  it('has visits with one to three companions and their roles', () => {
    const visits = files.visits!;
    const counts = visits.map((v) => (v.companions === '' ? 0 : v.companions!.split(';').length));
    expect(Math.max(...counts)).toBe(3);
    expect(counts.filter((n) => n > 0).length / counts.length).toBeGreaterThan(0.6);
    const roles = new Set(visits.flatMap((v) => (v.companions ? v.companions.split(';').map((c) => c.split(':')[1]) : [])));
    for (const r of ['spouse', 'friend', 'colleague', 'adviser']) expect(roles).toContain(r);
  });

  it('mixes testimonial consent: published with consent, some without consent, some withdrawn', () => {
    const t = files.testimonials!;
    expect(t.length).toBeGreaterThan(50);
    expect(t.some((x) => x.publish_consent === 'false')).toBe(true);
    expect(t.some((x) => x.publish_consent === 'true' && x.call_consent === 'false')).toBe(true);
    expect(t.some((x) => x.status === 'withdrawn')).toBe(true);
    expect(t.filter((x) => x.status === 'published').every((x) => x.publish_consent === 'true')).toBe(true);
    expect(new Set(t.map((x) => x.rating))).toEqual(new Set(['1', '2', '3', '4', '5']));
  });

  it("words testimonials to fit the car: no fuel economy for a battery car, no range for a car with only a tank", () => {
    // worked out here, not read from the generator: the battery-only and fuel-only models of the demo's brands
    const electric = new Set(['特斯拉Model 3', '特斯拉Model Y', '蔚来ET5', '蔚来ES6', '小鹏P7', '小鹏G6', '比亚迪汉', '比亚迪海豹', '比亚迪元PLUS']);
    const fuelOnly = new Set(['吉利星越L', '吉利帝豪', '吉利博越L', '大众朗逸', '大众速腾', '大众帕萨特', '大众途观L', '丰田凯美瑞', '丰田卡罗拉', '丰田RAV4荣放', '丰田汉兰达', '本田雅阁', '本田思域', '本田CR-V', '长安CS75PLUS', '长安逸动', '长安UNI-K']);
    const car = new Map(files.sales!.map((s) => [s.id, `${s.brand}${s.model}`]));
    const t = files.testimonials!.map((x) => ({ car: car.get(x.sale!)!, text: x.text! }));
    const onBattery = t.filter((x) => electric.has(x.car));
    const onTank = t.filter((x) => fuelOnly.has(x.car));
    expect(onBattery.length).toBeGreaterThan(20);
    expect(onTank.length).toBeGreaterThan(20);
    expect(onBattery.filter((x) => x.text.includes('油耗'))).toEqual([]);
    expect(onTank.filter((x) => x.text.includes('续航'))).toEqual([]);
    // both words still occur where they fit
    expect(onBattery.some((x) => x.text.includes('续航'))).toBe(true);
    expect(onTank.some((x) => x.text.includes('油耗'))).toBe(true);
  });

  it("words each store's published reviews differently, the good ones naming the car or its seller", () => {
    // a board or a known-contacts list with the same sentence twice looks made up
    const sale = new Map(files.sales!.map((s) => [s.id, s]));
    const seller = new Map(files.users!.map((u) => [u.id, u.display_name ?? '']));
    const published = files.testimonials!.filter((x) => x.status === 'published');
    expect(published.filter((x) => Number(x.rating) <= 3).length).toBeGreaterThan(10);
    const byStore = new Map<string, string[]>();
    for (const x of published) byStore.set(x.dealership!, [...(byStore.get(x.dealership!) ?? []), x.text!]);
    expect(byStore.size).toBe(3);
    for (const texts of byStore.values()) expect(new Set(texts).size).toBeGreaterThanOrEqual(Math.ceil(0.95 * texts.length));
    // the mixed and poor ones too, published or not: few parts, so at least nine in ten differ
    const low = files.testimonials!.filter((x) => Number(x.rating) <= 3).map((x) => x.text!);
    expect(low.length).toBeGreaterThan(30);
    expect(new Set(low).size).toBeGreaterThanOrEqual(Math.ceil(0.9 * low.length));
    const good = published.filter((x) => Number(x.rating) >= 4);
    expect(good.length).toBeGreaterThan(100);
    for (const x of good) {
      const s = sale.get(x.sale!)!;
      const sp = seller.get(s.salesperson!)!;
      // the car by name, or else the seller by surname and title (a review may praise only the service)
      const namesCar = x.text!.includes(`${s.brand}${s.model}`);
      const namesSeller = sp !== '' && new RegExp(`${sp.slice(0, 1)}(经理|顾问)`).test(x.text!);
      expect(namesCar || namesSeller, x.text).toBe(true);
      // nothing claims a history the record may not have
      expect(x.text).not.toMatch(/第二台|老客户/);
    }
  });

  it('comes with one demo user per role, sharing the documented password', () => {
    const users = files.users!;
    for (const role of DEMO_ROLES) expect(users.find((u) => u.username === `demo-${role}`)?.role).toBe(role);
    expect(bcrypt.compareSync(DEMO_PASSWORD, users[0]!.password_hash!)).toBe(true);
    const salespeople = new Set(users.filter((u) => u.role === 'salesperson').map((u) => u.id));
    expect(files.sales!.every((s) => salespeople.has(s.salesperson!))).toBe(true);
  });
});
