import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../server/data/csv.js';
import { writeHandover } from '../server/data/handover.js';
import { importFolder } from '../server/data/import.js';
import { generateSeed } from '../seeds/generate.js';
import { startTestApi, uid, type TestApi } from './support/test-api.js';

let api: TestApi;
const tmp: string[] = [];
let ns: string;

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-handover-'));
  tmp.push(dir);
  fs.rmSync(dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  api = await startTestApi();
  ns = uid('ho');
  const src = tempDir();
  // three dealerships; 比亚迪 is sold by hz-xihu and (in larger sets) elsewhere, so brand and store both filter
  await generateSeed({ size: 'demo', seed: 5, out: src, namespace: ns, people: 500 });
  await importFolder(api.db, src);
});
afterAll(async () => {
  await api.stop();
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

describe('handover package (汽车销售管理办法 art. 23)', () => {
  it("holds exactly the dealership's buyers of the brand, their sales and its service records, with a true manifest", async () => {
    const d = `${ns}-hz-xihu`;
    const brand = '比亚迪';
    const dir = tempDir();
    const manifest = await writeHandover(api.db, dir, { dealershipId: d, brand });

    // the expected contents, worked out with Cypher independently of the exporter
    const sales = await api.cypher<{ ext: string; buyer: string }>(
      `MATCH (b:Person {dealershipId: $d})-[:BOUGHT]->(s:Sale {dealershipId: $d})-[:OF_MODEL]->(:VehicleModel {brand: $brand})
       RETURN s.externalId AS ext, b.externalId AS buyer`,
      { d, brand },
    );
    const service = await api.cypher<{ ext: string }>(
      `MATCH (:Person {dealershipId: $d})-[:BOUGHT]->(s:Sale {dealershipId: $d})-[:OF_MODEL]->(:VehicleModel {brand: $brand})
       MATCH (s)-[:SERVICED]->(r:ServiceRecord {dealershipId: $d}) RETURN r.externalId AS ext`,
      { d, brand },
    );
    expect(sales.length).toBeGreaterThan(5);
    expect(service.length).toBeGreaterThan(5);

    const people = await readCsvRecords(path.join(dir, 'people.csv'));
    const saleRows = await readCsvRecords(path.join(dir, 'sales.csv'));
    const serviceRows = await readCsvRecords(path.join(dir, 'service_records.csv'));
    expect(saleRows.map((r) => r.id).sort()).toEqual(sales.map((s) => s.ext).sort());
    expect(people.map((r) => r.id).sort()).toEqual([...new Set(sales.map((s) => s.buyer))].sort());
    expect(serviceRows.map((r) => r.id).sort()).toEqual(service.map((s) => s.ext).sort());
    expect(saleRows.every((r) => r.brand === brand)).toBe(true);
    // internal notes and employers stay home
    expect(people.every((r) => r.notes === '' && r.employer === '')).toBe(true);
    expect(people.every((r) => /^\+861[3-9]\d{9}$/.test(r.phone!) || r.phone === '')).toBe(true);

    expect(manifest.dealership.id).toBe(d);
    expect(manifest.brand).toBe(brand);
    expect(fs.readdirSync(dir).sort()).toEqual(['manifest.json', 'people.csv', 'sales.csv', 'service_records.csv', 'vehicle_models.csv']);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as typeof manifest;
    for (const f of onDisk.files) {
      const bytes = fs.readFileSync(path.join(dir, f.file));
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(f.rows).toBe((await readCsvRecords(path.join(dir, f.file))).length);
    }
  });

  it('holds nothing of another dealership', async () => {
    const d = `${ns}-hz-xihu`;
    const dir = tempDir();
    await writeHandover(api.db, dir, { dealershipId: d });
    const people = await readCsvRecords(path.join(dir, 'people.csv'));
    const sales = await readCsvRecords(path.join(dir, 'sales.csv'));
    const service = await readCsvRecords(path.join(dir, 'service_records.csv'));
    expect(people.length).toBeGreaterThan(10);
    // every id in the package names a record of this dealership, and none of the other stores' ids appear
    const other = await api.cypher<{ label: string; ext: string }>(
      `MATCH (n) WHERE (n:Person OR n:Sale OR n:ServiceRecord) AND n.dealershipId STARTS WITH $ns AND n.dealershipId <> $d
       RETURN labels(n)[0] AS label, n.externalId AS ext`,
      { ns, d },
    );
    expect(other.length).toBeGreaterThan(50);
    const own = await api.cypher<{ label: string; ext: string }>(
      `MATCH (n) WHERE (n:Person OR n:Sale OR n:ServiceRecord) AND n.dealershipId = $d RETURN labels(n)[0] AS label, n.externalId AS ext`,
      { d },
    );
    const ownIds = (label: string) => new Set(own.filter((r) => r.label === label).map((r) => r.ext));
    const otherIds = (label: string) => new Set(other.filter((r) => r.label === label).map((r) => r.ext));
    for (const [rows, label] of [
      [people, 'Person'],
      [sales, 'Sale'],
      [service, 'ServiceRecord'],
    ] as const) {
      for (const r of rows) {
        expect(ownIds(label).has(r.id!), `${label} ${r.id}`).toBe(true);
        expect(otherIds(label).has(r.id!)).toBe(false);
      }
    }
    const brands = new Set(sales.map((s) => s.brand));
    const [dealer] = await api.cypher<{ brands: string[] }>('MATCH (x:Dealership {id: $d}) RETURN x.brands AS brands', { d });
    for (const b of brands) expect(dealer!.brands).toContain(b);
  });

  it('refuses an unknown dealership and a folder that is not empty', async () => {
    await expect(writeHandover(api.db, tempDir(), { dealershipId: uid('none') })).rejects.toThrow(/unknown dealership/);
    const dir = tempDir();
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'old.csv'), 'x');
    await expect(writeHandover(api.db, dir, { dealershipId: `${ns}-hz-xihu` })).rejects.toThrow(/not empty/);
  });
});
