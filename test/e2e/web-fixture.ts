import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, generateSeed } from '../../seeds/generate.js';
import { publishDemoBoards } from '../../server/data/demo-seed.js';
import { importFolder } from '../../server/data/import.js';
import { tokenFor, uid, type TestApi } from '../support/test-api.js';
import { randomVin } from '../support/vin.js';

// Data for the browser tests: the demo data set (~2,000 people, demo users per role) under a namespace of this run,
// so it shares the test database with other test files, plus a small planted circle in its first dealership whose
// answers the scenarios know. The planted part is made through the API where it has the operation (people, ties,
// sales and their follow-ups) and with Cypher where it has none (published testimonials, stored influence scores).

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the web client into a fresh folder (the server under test serves it), so web/dist is left alone. */
export async function buildWeb(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-web-'));
  await run(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!fs.existsSync(path.join(out, 'index.html'))) throw new Error('vite build wrote no index.html');
  return out;
}

/** Today in China time (YYYY-MM-DD), the calendar the server uses for weeks and due dates. */
export function chinaDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}


function phone(): string {
  return `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

export interface WebFixture {
  dealershipId: string;
  password: string;
  /** The demo data set's salesperson and manager of the dealership. */
  salesUser: { id: string; username: string };
  managerUser: { id: string; username: string };
  /** Group-wide: belongs to no store, picks one on the board screen. */
  marketingUser: { id: string; username: string };
  /** Every store of the loaded demo data, by id. */
  dealershipIds: string[];
  demoPeople: number;
  /** The prospect everything revolves around. */
  prospect: { id: string; name: string };
  /** A buyer the prospect knows, with a published testimonial and consent to be called. */
  friend: { id: string; name: string; phone: string };
  /** Buyers around the friend (two hops from the prospect). */
  circle: { id: string; name: string }[];
  /** Someone who will come along on the recorded visit, not yet tied to the prospect. */
  companion: { id: string; name: string };
  /** The follow-up the test completes, and its buyer. */
  followUp: { id: string; buyerName: string };
  testimonialIds: string[];
}

async function ok<T>(api: TestApi, query: string, vars: Record<string, unknown>, token: string): Promise<T> {
  const res = await api.gql<T>(query, vars, token);
  if (res.errors?.length || !res.data) throw new Error(`fixture: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** Generates and imports the demo data set under `namespace` (its dealerships, users and organisations). */
async function loadDemo(api: TestApi, namespace: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-e2e-demo-'));
  try {
    // until today in UTC, as the server's own demo loader does (the importer refuses later dates)
    const until = new Date().toISOString().slice(0, 10);
    await generateSeed({ size: 'demo', seed: 42, out: dir, until, namespace });
    await importFolder(api.db, dir);
    // and, as the server's demo loader does, each store's boards of the past weeks
    await publishDemoBoards(api.db, dir, until);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const [row] = await api.cypher<{ n: number }>(
    `MATCH (d:Dealership) WHERE d.id STARTS WITH $prefix MATCH (p:Person {dealershipId: d.id}) RETURN count(p) AS n`,
    { prefix: `${namespace}-` },
  );
  return row?.n ?? 0;
}

export async function createWebFixture(api: TestApi): Promise<WebFixture> {
  const tag = uid('e2e');
  const demoPeople = await loadDemo(api, tag);
  const users = await api.cypher<{ id: string; username: string; role: string; dealershipId: string }>(
    `MATCH (u:User) WHERE u.username IN $names RETURN u.id AS id, u.username AS username, u.role AS role, u.dealershipId AS dealershipId`,
    { names: [`${tag}-demo-salesperson`, `${tag}-demo-manager`, `${tag}-demo-marketing`] },
  );
  const marketing = users.find((u) => u.username === `${tag}-demo-marketing`);
  if (!marketing) throw new Error(`fixture: demo marketing user missing: ${JSON.stringify(users)}`);
  const stores = await api.cypher<{ id: string }>(`MATCH (d:Dealership) WHERE d.id STARTS WITH $prefix RETURN d.id AS id ORDER BY id`, {
    prefix: `${tag}-`,
  });
  const sales = users.find((u) => u.username === `${tag}-demo-salesperson`);
  const manager = users.find((u) => u.username === `${tag}-demo-manager`);
  if (!sales || !manager) throw new Error(`fixture: demo users missing: ${JSON.stringify(users)}`);
  const dealershipId = sales.dealershipId;
  const password = DEMO_PASSWORD;
  const salesToken = await tokenFor(api.config, { role: 'salesperson', dealershipId, sub: sales.id, username: sales.username });

  const createPerson = `mutation($input: PersonInput!) { createPerson(input: $input) { id name phone } }`;
  async function person(name: string, kind: 'BUYER' | 'PROSPECT' | 'CONTACT', consent = true, withPhone = true) {
    const p = await ok<{ createPerson: { id: string; name: string; phone: string | null } }>(api, createPerson, {
      input: { name, kind, city: '杭州', region: '浙江', shareConsent: consent, contactConsent: consent, ...(withPhone ? { phone: phone() } : {}) },
    }, salesToken);
    return p.createPerson;
  }
  async function tie(fromId: string, toId: string, kind: string, strength: number) {
    await ok(api, `mutation($input: TieInput!) { addTie(input: $input) { created } }`, { input: { fromId, toId, kind, strength, confirmed: true, source: 'IMPORT' } }, salesToken);
  }
  async function sale(buyerId: string, brand: string, model: string, price: number, date: string) {
    const r = await ok<{ recordSale: { sale: { id: string }; followUp: { id: string } | null } }>(
      api,
      `mutation($input: SaleInput!) { recordSale(input: $input) { sale { id } followUp { id } } }`,
      { input: { buyerId, brand, model, price, date, vin: randomVin() } },
      salesToken,
    );
    return r.recordSale;
  }

  // distinctive names so a search in this dealership finds exactly them
  const prospect = await person('欧阳明轩', 'PROSPECT');
  const friend = await person('司马建国', 'BUYER');
  const companion = await person('上官丽华', 'CONTACT');
  const circleNames = ['诸葛文博', '东方晓燕', '皇甫志强', '令狐佳怡', '慕容子轩', '公孙婉清', '夏侯俊杰', '长孙雨桐'];
  const circle = [];
  for (const n of circleNames) circle.push(await person(n, 'BUYER'));

  await tie(prospect.id, friend.id, 'FRIEND', 0.8);
  await tie(circle[0]!.id, prospect.id, 'ADVISES', 0.6);
  for (const [i, c] of circle.entries()) await tie(friend.id, c.id, i % 2 ? 'COLLEAGUE' : 'BUSINESS_PARTNER', 0.3 + (i % 5) / 10);

  // purchases this week with published, consented testimonials: the board's candidates and the known contacts
  const today = chinaDay();
  const buyers = [friend, ...circle.slice(0, 7)];
  const texts = ['服务很周到，试驾安排得很好', '顾问耐心讲解，价格透明', '交车仪式很用心，家人都很满意', '售后响应快，保养预约方便', '车子省油，空间大', '朋友推荐来的，果然没失望', '上牌一条龙服务，省心', '第二辆车还在这里买'];
  const testimonialIds: string[] = [];
  const saleIds: string[] = [];
  let followUp: { id: string; buyerName: string } | null = null;
  for (const [i, b] of buyers.entries()) {
    const s = await sale(b.id, i % 2 ? '吉利' : '比亚迪', i % 2 ? '星越L' : '汉EV', 150000 + i * 10000, today);
    saleIds.push(s.sale.id);
    if (!followUp && s.followUp) followUp = { id: s.followUp.id, buyerName: b.name };
    const tid = `t-${tag}-${i}`;
    testimonialIds.push(tid);
    await api.cypher(
      `MATCH (a:Person {id: $author}), (s:Sale {id: $sale})
       SET a:TestimonialAuthor
       CREATE (a)-[:WROTE]->(t:Testimonial {id: $id, text: $text, rating: $rating, date: date($date), consentToPublish: true,
         consentToBeCalled: true, status: 'PUBLISHED', dealershipId: $dealershipId, createdAt: datetime()})-[:ABOUT]->(s)`,
      { author: b.id, sale: s.sale.id, id: tid, text: texts[i], rating: 5 - (i % 2), date: today, dealershipId },
    );
  }
  if (!followUp) throw new Error('fixture: recordSale made no follow-up');

  // a purchase 31 months ago (the repurchase radar) whose thank-you call was never made (overdue)
  await sale(circle[7]!.id, '比亚迪', '秦PLUS', 120000, chinaDay(-31 * 30));

  // a referral chain: the friend referred circle[1], who referred circle[2]; both bought
  await api.cypher(
    `MATCH (a:Person {id: $a}), (b:Person {id: $b}), (c:Person {id: $c})
     CREATE (a)-[:REFERRED {date: date($d1), channel: '朋友介绍', saleId: $s1}]->(b),
            (b)-[:REFERRED {date: date($d2), channel: '微信', saleId: $s2}]->(c)`,
    { a: friend.id, b: circle[1]!.id, c: circle[2]!.id, d1: chinaDay(-60), d2: chinaDay(-20), s1: saleIds[2], s2: saleIds[3] },
  );

  // stored influence scores, as recomputeInfluence writes them (recomputing here would rescore every test's data)
  const scores = [friend, ...circle].map((p, i) => ({ id: p.id, score: 3 - i * 0.3, centrality: 2 - i * 0.2, advised: i === 1 ? 1 : 0, referrals: i === 0 ? 2 : 0 }));
  await api.cypher(
    `UNWIND $rows AS r MATCH (p:Person {id: r.id})
     SET p.influence = r.score, p.influenceCentrality = r.centrality, p.influenceAdvisedBought = r.advised,
         p.influenceReferralSales = r.referrals, p.influenceAccompaniedSales = 0, p.influenceComputedAt = datetime()`,
    { rows: scores },
  );

  return {
    dealershipId,
    password,
    salesUser: { id: sales.id, username: sales.username },
    managerUser: { id: manager.id, username: manager.username },
    marketingUser: { id: marketing.id, username: marketing.username },
    dealershipIds: stores.map((d) => d.id),
    demoPeople,
    prospect: { id: prospect.id, name: prospect.name },
    friend: { id: friend.id, name: friend.name, phone: friend.phone! },
    circle: circle.map((c) => ({ id: c.id, name: c.name })),
    companion: { id: companion.id, name: companion.name },
    followUp,
    testimonialIds,
  };
}
