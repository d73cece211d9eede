import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { QueryRunner } from '../queries/driver.js';
import * as q from '../queries/data-export.queries.js';
import { FolderWriter, assertEmptyFolder } from './export.js';

/**
 * The handover package of 汽车销售管理办法 art. 23: when a dealership stops selling a supplier's cars it hands the
 * supplier, within 30 days, the customer, vehicle and repair records. One folder in the interchange format (people,
 * sales, service records, vehicle models) and a manifest.json with counts, time and SHA-256 of every file.
 * Only that dealership's own records go in: buyers it recorded, sales it made (of the brand, if given), service
 * records it wrote on those vehicles. Internal notes and employers are left out (data minimisation).
 */

export interface HandoverOptions {
  dealershipId: string;
  /** Only vehicles of this brand (the supplier whose contract ends); all brands when absent. */
  brand?: string | null;
  now?: Date;
  pageSize?: number;
}

export interface HandoverManifest {
  format: 'quanzi-handover/1';
  rule: string;
  dealership: { id: string; name: string | null };
  brand: string | null;
  generatedAt: string;
  files: { file: string; rows: number; sha256: string }[];
  leftOut: { salesWhoseBuyerBelongsToAnotherDealership: number };
}

export class HandoverError extends Error {}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export async function writeHandover(db: QueryRunner, folder: string, opts: HandoverOptions): Promise<HandoverManifest> {
  const d = opts.dealershipId;
  const [dealership] = await q.dealerships(db, [d]);
  if (!dealership) throw new HandoverError(`unknown dealership "${d}"`);
  assertEmptyFolder(folder);
  const limit = opts.pageSize ?? 10_000;
  const brand = opts.brand ?? null;

  const sales: q.SaleOut[] = [];
  let after = '';
  for (;;) {
    const page = await q.handoverSalesPage(db, d, brand, after, limit);
    sales.push(...page);
    if (page.length < limit) break;
    after = page[page.length - 1]!.id;
  }
  const buyerIds = [...new Set(sales.map((s) => s.buyer).filter((x): x is string => x !== null))].sort();
  const people: q.PersonOut[] = [];
  for (let i = 0; i < buyerIds.length; i += limit) people.push(...(await q.peopleByIds(db, buyerIds.slice(i, i + limit))));
  // only the buyers this dealership recorded; strip what the supplier has no need for
  const own = people.filter((p) => p.dealershipId === d).map((p) => ({ ...p, notes: null, employer: null }));
  const ownIds = new Set(own.map((p) => p.id));
  const kept = sales.filter((s) => s.buyer !== null && ownIds.has(s.buyer));

  const out = new FolderWriter(folder, false);
  await out.people(own);
  const modelIds = [...new Set(kept.map((s) => s.modelId).filter((x): x is string => x !== null))].sort();
  await out.vehicleModels(modelIds.length > 0 ? await q.vehicleModels(db, modelIds) : []);
  await out.sales(kept);
  const saleIds = kept.map((s) => s.id).sort();
  const service: q.ServiceOut[] = [];
  for (let i = 0; i < saleIds.length; i += limit) service.push(...(await q.serviceOfSales(db, d, saleIds.slice(i, i + limit))));
  await out.serviceRecords(service);

  const manifest: HandoverManifest = {
    format: 'quanzi-handover/1',
    rule: '汽车销售管理办法 第二十三条: customer, vehicle and repair records handed to the supplier within 30 days',
    dealership: { id: d, name: dealership.name },
    brand,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    files: out.files.map((f) => ({ ...f, sha256: sha256(path.join(folder, f.file)) })),
    leftOut: { salesWhoseBuyerBelongsToAnotherDealership: sales.length - kept.length },
  };
  fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
