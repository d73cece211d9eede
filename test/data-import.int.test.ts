import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFolder } from '../server/data/export.js';
import { internalId } from '../server/data/format.js';
import { importFolder, ImportValidationError } from '../server/data/import.js';
import { generateSeed } from '../seeds/generate.js';
import { startTestApi, tokenFor, uid, type TestApi } from './support/test-api.js';

let api: TestApi;
const tmp: string[] = [];

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-data-test-'));
  tmp.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-data-out-'));
  tmp.push(dir);
  fs.rmSync(dir, { recursive: true });
  return dir;
}

async function newDealership(): Promise<string> {
  const d = uid('dlr');
  await api.cypher(`CREATE (:Dealership {id: $d, name: $d, brands: ['比亚迪']})`, { d });
  return d;
}

/** Everything recorded for one dealership, counted independently of the importer. */
async function countsOf(d: string): Promise<Record<string, number>> {
  const [row] = await api.cypher<Record<string, number>>(
    `CALL () { MATCH (p:Person {dealershipId: $d}) RETURN count(p) AS people }
     CALL () { MATCH (s:Sale {dealershipId: $d}) RETURN count(s) AS sales }
     CALL () { MATCH (v:Visit {dealershipId: $d}) RETURN count(v) AS visits }
     CALL () { MATCH (t:Testimonial {dealershipId: $d}) RETURN count(t) AS testimonials }
     CALL () { MATCH (r:ServiceRecord {dealershipId: $d}) RETURN count(r) AS service }
     CALL () { MATCH (i:Interaction {dealershipId: $d}) RETURN count(i) AS interactions }
     CALL () { MATCH (a:Person {dealershipId: $d})-[t:FAMILY|FRIEND|COLLEAGUE|BUSINESS_PARTNER|ADVISES|DRIVES_FOR]->(:Person) RETURN count(t) AS ties }
     CALL () { MATCH (a:Person {dealershipId: $d})-[r:REFERRED]->(:Person) RETURN count(r) AS referrals }
     CALL () { MATCH (:Person)-[c:ACCOMPANIED]->(:Visit {dealershipId: $d}) RETURN count(c) AS companions }
     CALL () { MATCH (:Person {dealershipId: $d})-[w:WORKS_AT]->(:Organization) RETURN count(w) AS employments }
     RETURN people, sales, visits, testimonials, service, interactions, ties, referrals, companions, employments`,
    { d },
  );
  return row!;
}

function readFolder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), 'utf8');
  return out;
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

const PEOPLE = 'id,name,phone,region,kind,share_consent,contact_consent\n';
const TIES = 'from,to,kind,strength\n';

describe('import validation: line-numbered errors, nothing written', () => {
  const base = () => ({
    'people.csv': `${PEOPLE}p1,王伟,138 0013 8000,浙江,buyer,true,false\np2,李娜,,浙江,contact,false,false\np3,张三,+86 139-1234-5678,浙江,prospect,,\n`,
    'ties.csv': `${TIES}p1,p2,friend,0.8\np2,p3,adviser,\n`,
  });
  const cases: [string, Record<string, string>, string][] = [
    ['bad kind', { 'ties.csv': `${TIES}p1,p2,friend,0.8\np2,p3,cousin,0.5\n` }, 'ties.csv:3: kind "cousin" is not one of'],
    ['unknown person', { 'ties.csv': `${TIES}p1,p2,friend,0.8\np2,p9,friend,0.5\n` }, 'ties.csv:3: unknown person "p9"'],
    [
      'bad phone',
      { 'people.csv': `${PEOPLE}p1,王伟,138 0013 8000,浙江,buyer,true,false\np2,李娜,12345,浙江,contact,false,false\np3,张三,,浙江,prospect,,\n` },
      'people.csv:3: phone "12345" is not a China mobile number',
    ],
    ['strength out of range', { 'ties.csv': `${TIES}p1,p2,friend,1.5\n` }, 'ties.csv:2: strength 1.5 is outside 0..1'],
    [
      'duplicate id',
      { 'people.csv': `${PEOPLE}p1,王伟,,浙江,buyer,true,false\np2,李娜,,浙江,contact,false,false\np3,张三,,浙江,prospect,,\np2,赵六,,浙江,contact,,\n` },
      'people.csv:5: duplicate id "p2" (first on line 3)',
    ],
    ['missing header', { 'ties.csv': 'from,to,strength\np1,p2,0.5\n' }, 'ties.csv:1: missing column "kind"'],
    ['empty file (no header)', { 'ties.csv': '' }, 'ties.csv:1: missing header row'],
    ['self-tie', { 'ties.csv': `${TIES}p1,p1,family,0.5\n` }, 'ties.csv:2: a person cannot be tied to themselves'],
    ['duplicate tie (either direction)', { 'ties.csv': `${TIES}p1,p2,friend,0.8\np2,p1,friend,0.3\n` }, 'ties.csv:3: duplicate tie between the same two people (first on line 2)'],
    [
      'future sale date',
      { 'sales.csv': 'id,buyer,brand,model,date,price,vin,salesperson\ns1,p1,比亚迪,汉,2999-01-01,219800,,\n' },
      'sales.csv:2: date 2999-01-01 is in the future',
    ],
    [
      'rating out of range',
      {
        'sales.csv': 'id,buyer,brand,model,date,price,vin,salesperson\ns1,p1,比亚迪,汉,2024-01-01,219800,,\n',
        'testimonials.csv': 'id,author,sale,text,rating,date,publish_consent,call_consent,status\nt1,p1,s1,好,6,2024-01-09,true,false,published\n',
      },
      'testimonials.csv:2: rating 6 is outside 1..5',
    ],
    ['broken quoting', { 'ties.csv': `${TIES}p1,p2,friend,0.8\n"p2,p3,friend,0.5\n` }, 'ties.csv:3: unclosed quoted field'],
  ];

  it.each(cases)('%s', async (_name, override, message) => {
    const d = await newDealership();
    const brand = `品牌-${d}`;
    const files: Record<string, string> = { ...base(), ...override };
    if (files['sales.csv']) files['sales.csv'] = files['sales.csv'].replace(/比亚迪/g, brand);
    const before = await countsOf(d);
    const err = await importFolder(api.db, folder(files), { dealershipId: d }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    const messages = (err as ImportValidationError).errors;
    expect(messages.some((m) => m.startsWith(message)), messages.join('\n')).toBe(true);
    // nothing at all was written: no records of the dealership, no vehicle model of the test brand
    expect(await countsOf(d)).toEqual(before);
    expect(Object.values(before).every((n) => n === 0)).toBe(true);
    const [models] = await api.cypher<{ n: number }>('MATCH (m:VehicleModel {brand: $brand}) RETURN count(m) AS n', { brand });
    expect(models!.n).toBe(0);
  });

  it('lists every error of a file, not just the first, and refuses an unknown dealership', async () => {
    const files = {
      'people.csv': `${PEOPLE}p1,王伟,1,浙江,vip,maybe,false\n`,
      'ties.csv': `${TIES}p1,p8,friend,2\np9,p1,friend,0.5\n`,
    };
    const err = (await importFolder(api.db, folder(files), { dealershipId: uid('nosuch') }).catch((e: unknown) => e)) as ImportValidationError;
    expect(err.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^people\.csv:2: phone "1"/),
        expect.stringMatching(/^people\.csv:2: kind "vip"/),
        expect.stringMatching(/^people\.csv:2: share_consent "maybe"/),
        'ties.csv:2: unknown person "p8"',
        'ties.csv:2: strength 2 is outside 0..1',
        'ties.csv:3: unknown person "p9"',
        expect.stringMatching(/^people\.csv:2: unknown dealership "nosuch-/),
      ]),
    );
  });

  it('needs a dealership: a column or the option', async () => {
    const err = (await importFolder(api.db, folder(base())).catch((e: unknown) => e)) as ImportValidationError;
    expect(err.errors[0]).toBe('people.csv:2: no dealership: add a dealership column or pass --dealership');
  });
});

describe('import: idempotent, stored as the model says', () => {
  it('imports a hand-made folder into the graph contract, and a second import changes nothing', async () => {
    const d = await newDealership();
    const org = uid('org');
    const files = {
      'people.csv': `${PEOPLE.trim()},city,employer\np1,王伟,138 0013 8000,浙江,buyer,true,false,杭州,恒达\np2,"李娜, ""小李""",+86 139-1234-5678,浙江,contact,false,true,,\np3,张三,,浙江,prospect,,,,\n`,
      'ties.csv': 'from,to,kind,strength,since,confirmed\np1,p2,friend,0.8,2020-05-01,true\np3,p1,adviser,,,\n',
      'referrals.csv': 'referrer,referee,date,channel,sale\np2,p1,2024-02-01,微信,s1\n',
      'sales.csv': `id,buyer,brand,model,date,price,vin,salesperson\ns1,p1,比亚迪,汉 ${d},2024-03-01,219800,,${d}-u1\n`,
      'visits.csv': 'id,person,date,companions,kind\nv1,p1,2024-02-20,p2:spouse;p3:adviser,test_drive\n',
      'testimonials.csv': 'id,author,sale,text,rating,date,publish_consent,call_consent,status\nt1,p1,s1,"很好, 推荐",5,2024-03-09,true,false,published\n',
      'service_records.csv': 'id,sale,date,kind,mileage,notes\nr1,s1,2024-09-01,maintenance,8000,首保\n',
      'interactions.csv': 'person,date,kind\np1,2024-03-05,call\np1,2024-03-05,call\n',
      'organizations.csv': `id,name,industry,region\n${org},杭州恒达机械有限公司,机械制造,浙江\n`,
      'employments.csv': `person,organization,title,since\np1,${org},总经理,2015-01-01\n`,
    };
    const dir = folder(files);
    const first = await importFolder(api.db, dir, { dealershipId: d });
    expect(first.files.find((f) => f.file === 'people.csv')).toMatchObject({ file: 'people.csv', rows: 3, created: 3 });
    expect(first.files.find((f) => f.file === 'interactions.csv')?.created).toBe(2);
    const after1 = await countsOf(d);
    expect(after1).toEqual({
      people: 3,
      sales: 1,
      visits: 1,
      testimonials: 1,
      service: 1,
      interactions: 2,
      ties: 2,
      referrals: 1,
      companions: 2,
      employments: 1,
    });

    const p1 = internalId('person', d, 'p1');
    const [person] = await api.cypher<Record<string, unknown>>(
      `MATCH (p:Person {id: $id}) RETURN p.externalId AS externalId, p.phone AS phone, p.kind AS kind, p.shareConsent AS share,
              p.city AS city, p.dealershipId AS d, p.createdAt IS NOT NULL AS created`,
      { id: p1 },
    );
    expect(person).toEqual({ externalId: 'p1', phone: '+8613800138000', kind: 'BUYER', share: true, city: '杭州', d, created: true });
    const [tie] = await api.cypher<Record<string, unknown>>(
      `MATCH (:Person {id: $a})-[t:FRIEND]-(:Person {id: $b}) RETURN t.strength AS s, t.source AS src, toString(t.since) AS since, t.confirmed AS c`,
      { a: p1, b: internalId('person', d, 'p2') },
    );
    expect(tie).toEqual({ s: 0.8, src: 'IMPORT', since: '2020-05-01', c: true });
    const [adv] = await api.cypher<Record<string, unknown>>(
      `MATCH (:Person {id: $a})-[t:ADVISES]->(:Person {id: $b}) RETURN t.strength AS s, t.confirmed AS c`,
      { a: internalId('person', d, 'p3'), b: p1 },
    );
    expect(adv).toEqual({ s: 0.5, c: false });
    const [sale] = await api.cypher<Record<string, unknown>>(
      `MATCH (b:Person)-[:BOUGHT]->(s:Sale {id: $id})-[:OF_MODEL]->(m:VehicleModel)
       MATCH (s)-[:SERVICED]->(r:ServiceRecord) MATCH (t:Testimonial)-[:ABOUT]->(s)
       MATCH (x:Person)-[ref:REFERRED]->(b)
       RETURN b.id AS buyer, m.brand AS brand, toString(s.date) AS date, s.price AS price, s.salespersonId AS sp,
              r.kind AS rkind, t.status AS tstatus, t.consentToPublish AS pub, ref.saleId AS refSale, ref.channel AS channel`,
      { id: internalId('sale', d, 's1') },
    );
    expect(sale).toEqual({
      buyer: p1,
      brand: '比亚迪',
      date: '2024-03-01',
      price: 219800,
      sp: `${d}-u1`,
      rkind: 'MAINTENANCE',
      tstatus: 'PUBLISHED',
      pub: true,
      refSale: internalId('sale', d, 's1'),
      channel: '微信',
    });
    const roles = await api.cypher<{ role: string }>(
      `MATCH (c:Person)-[a:ACCOMPANIED]->(v:Visit {id: $v}) RETURN a.role AS role ORDER BY role`,
      { v: internalId('visit', d, 'v1') },
    );
    expect(roles.map((r) => r.role)).toEqual(['ADVISER', 'SPOUSE']);

    const second = await importFolder(api.db, dir, { dealershipId: d });
    expect(second.files.every((f) => f.created === 0)).toBe(true);
    expect(await countsOf(d)).toEqual(after1);
    const [again] = await api.cypher<Record<string, unknown>>('MATCH (p:Person {id: $id}) RETURN p.phone AS phone', { id: p1 });
    expect(again).toEqual({ phone: '+8613800138000' });
  });

  it("gives each sale still within its week on the import day its salesperson's thank-you call, once", async () => {
    const d = await newDealership();
    const sp = `${d}-u1`;
    await api.cypher(
      `CREATE (:User {id: $sp, username: $sp, displayName: '李销售', role: 'SALESPERSON', dealershipId: $d, disabled: false})`,
      { sp, d },
    );
    // noon in China on 2026-03-10: s1 (yesterday) is due 03-16, s2 (a week ago) today; s3 (8 days ago) is history,
    // s4 names no salesperson and s5 one who is not a user: nobody would see their calls
    const now = new Date('2026-03-10T04:00:00Z');
    const dir = folder({
      'people.csv': `${PEOPLE}${[1, 2, 3, 4, 5].map((i) => `p${i},王${i},,浙江,buyer,true,true`).join('\n')}\n`,
      'sales.csv':
        'id,buyer,brand,model,date,price,vin,salesperson\n' +
        `s1,p1,比亚迪,汉 ${d},2026-03-09,219800,,${sp}\ns2,p2,比亚迪,汉 ${d},2026-03-03,219800,,${sp}\n` +
        `s3,p3,比亚迪,汉 ${d},2026-03-02,219800,,${sp}\ns4,p4,比亚迪,汉 ${d},2026-03-09,219800,,\n` +
        `s5,p5,比亚迪,汉 ${d},2026-03-09,219800,,王经理\n`,
    });
    const calls = () =>
      api.cypher<Record<string, unknown>>(
        `MATCH (f:FollowUp)-[:FOLLOWS_UP]->(s:Sale {dealershipId: $d})
         RETURN s.externalId AS sale, toString(f.dueDate) AS due, f.status AS status, f.assigneeId AS assignee,
                f.dealershipId AS d, f.attempts AS attempts, f.createdAt IS NOT NULL AS created ORDER BY sale`,
        { d },
      );
    await importFolder(api.db, dir, { dealershipId: d, now });
    const expected = [
      { sale: 's1', due: '2026-03-16', status: 'OPEN', assignee: sp, d, attempts: 0, created: true },
      { sale: 's2', due: '2026-03-10', status: 'OPEN', assignee: sp, d, attempts: 0, created: true },
    ];
    expect(await calls()).toEqual(expected);
    // the salesperson's list shows them, as it shows the calls recordSale creates
    const token = await tokenFor(api.config, { role: 'salesperson', dealershipId: d, sub: sp, username: sp });
    const list = await api.gql<{ myFollowUps: { dueDate: string; status: string; saleId: string; buyerName: string }[] }>(
      '{ myFollowUps(first: 10) { dueDate status saleId buyerName } }',
      {},
      token,
    );
    expect(list.errors).toBeUndefined();
    expect(list.data!.myFollowUps.map((f) => [f.saleId, f.dueDate, f.status, f.buyerName]).sort()).toEqual([
      [internalId('sale', d, 's1'), '2026-03-16', 'OPEN', '王1'],
      [internalId('sale', d, 's2'), '2026-03-10', 'OPEN', '王2'],
    ].sort());
    // a second import, even a day later, adds none
    await importFolder(api.db, dir, { dealershipId: d, now: new Date('2026-03-11T04:00:00Z') });
    expect(await calls()).toEqual(expected);
  });

  it('a file id that is the id of a record made in the app names that record', async () => {
    const d = await newDealership();
    const appId = '6f1c2b1e-3a4d-4c5e-9f60-7a8b9c0d1e2f';
    await api.cypher(
      `CREATE (:Person {id: $id, name: '旧名', kind: 'CONTACT', dealershipId: $d, shareConsent: false, contactConsent: false, createdAt: datetime()})`,
      { id: appId, d },
    );
    await importFolder(api.db, folder({ 'people.csv': `${PEOPLE}${appId},新名,,浙江,buyer,true,true\n` }), { dealershipId: d });
    const rows = await api.cypher<{ id: string; name: string; ext: string | null }>(
      'MATCH (p:Person {dealershipId: $d}) RETURN p.id AS id, p.name AS name, p.externalId AS ext',
      { d },
    );
    expect(rows).toEqual([{ id: appId, name: '新名', ext: null }]);
  });

  it('leaves an erased person blank when the same folder is imported again', async () => {
    const d = await newDealership();
    const dir = folder({ 'people.csv': `${PEOPLE}p1,王伟,13800138000,浙江,buyer,true,true\n` });
    await importFolder(api.db, dir, { dealershipId: d });
    const id = internalId('person', d, 'p1');
    await api.cypher(`MATCH (p:Person {id: $id}) SET p.erasedAt = datetime(), p.name = '已删除', p.phone = null`, { id });
    await importFolder(api.db, dir, { dealershipId: d });
    const [p] = await api.cypher<Record<string, unknown>>('MATCH (p:Person {id: $id}) RETURN p.name AS name, p.phone AS phone', { id });
    expect(p).toEqual({ name: '已删除', phone: null });
  });
});

describe('round trip: export, import into an empty namespace, export again', () => {
  it('gives byte-identical files for a generated data set', async () => {
    const ns = uid('rt');
    const src = tempDir();
    await generateSeed({ size: 'demo', seed: 11, out: src, namespace: ns, people: 400 });
    const report = await importFolder(api.db, src);
    expect(report.files.find((f) => f.file === 'people.csv')?.created).toBe(400);
    const d = `${ns}-hz-xihu`;

    const e1 = tempDir();
    await exportFolder(api.db, e1, { dealershipId: d });
    const first = readFolder(e1);
    expect(first['people.csv']!.split('\r\n').length).toBeGreaterThan(50);
    expect(first['ties.csv']!.split('\r\n').length).toBeGreaterThan(100);
    expect(first['sales.csv']).toContain(`,${ns}-U-`);

    // empty the namespace: every record of the dealership goes (organisations, models and users are shared)
    const before = await countsOf(d);
    await api.cypher(
      `MATCH (n) WHERE (n:Person OR n:Sale OR n:Visit OR n:Testimonial OR n:ServiceRecord OR n:Interaction) AND n.dealershipId = $d
       DETACH DELETE n`,
      { d },
    );
    expect((await countsOf(d)).people).toBe(0);

    const back = await importFolder(api.db, e1, { dealershipId: d });
    expect(back.files.find((f) => f.file === 'people.csv')?.created).toBe(before.people);
    expect(await countsOf(d)).toEqual(before);
    const e2 = tempDir();
    await exportFolder(api.db, e2, { dealershipId: d });
    const second = readFolder(e2);
    expect(Object.keys(second)).toEqual(Object.keys(first));
    for (const name of Object.keys(first)) expect(second[name], name).toBe(first[name]);
  });

  it('refuses to export into a folder that already holds files', async () => {
    const dir = folder({ 'users.csv': 'stale' });
    await expect(exportFolder(api.db, dir, { dealershipId: 'x' })).rejects.toThrow(/not empty/);
  });
});

describe('importData mutation (admins)', () => {
  const mutation = `mutation ($files: [CsvFileInput!]!, $d: ID) {
    importData(files: $files, dealershipId: $d) { rows ties files { file rows created } warnings }
  }`;

  it('imports uploaded files for an admin and answers the counts; Cypher sees them', async () => {
    const d = await newDealership();
    const token = await tokenFor(api.config, { role: 'admin' });
    const files = [
      { name: 'people.csv', content: `${PEOPLE}p1,王伟,,浙江,buyer,true,false\np2,李娜,,浙江,contact,false,false\n` },
      { name: 'ties.csv', content: `${TIES}p1,p2,family,0.9\n` },
    ];
    const res = await api.gql<{ importData: { rows: number; ties: number; files: { file: string; rows: number; created: number }[] } }>(
      mutation,
      { files, d },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.importData).toMatchObject({
      rows: 3,
      ties: 1,
      files: [
        { file: 'people.csv', rows: 2, created: 2 },
        { file: 'ties.csv', rows: 1, created: 1 },
      ],
    });
    expect((await countsOf(d)).ties).toBe(1);
    const [audit] = await api.cypher<{ n: number }>(
      `MATCH (a:AuditEntry {operation: 'IMPORT_DATA', targetId: $d}) RETURN count(a) AS n`,
      { d },
    );
    expect(audit!.n).toBe(1);
  });

  it('refreshes the stored influence ranking after an upload (QUANZI_INFLUENCE_AFTER_IMPORT)', async () => {
    const own = await startTestApi({ QUANZI_INFLUENCE_AFTER_IMPORT: 'true' }, { migrate: false });
    try {
      const d = await newDealership();
      const token = await tokenFor(own.config, { role: 'admin' });
      const files = [
        { name: 'people.csv', content: `${PEOPLE}p1,王伟,,浙江,buyer,true,false\np2,李娜,,浙江,contact,false,false\np3,张敏,,浙江,contact,false,false\n` },
        { name: 'ties.csv', content: `${TIES}p1,p2,family,0.9\np1,p3,friend,0.9\n` },
      ];
      const res = await own.gql(mutation, { files, d }, token);
      expect(res.errors).toBeUndefined();
      // the answer does not wait for the recompute; the scores appear shortly after
      let scored: { id: string; influence: number }[] = [];
      for (let i = 0; i < 240 && scored.length < 3; i++) {
        await new Promise((r) => setTimeout(r, 250));
        scored = await own.cypher<{ id: string; influence: number }>(
          'MATCH (p:Person {dealershipId: $d}) WHERE p.influence IS NOT NULL RETURN p.externalId AS id, p.influence AS influence ORDER BY p.influence DESC',
          { d },
        );
      }
      expect(scored.map((x) => x.id)).toHaveLength(3);
      // the hub of this little star ranks first
      expect(scored[0]!.id).toBe('p1');
    } finally {
      await own.stop();
    }
  }, 120_000);

  it('answers BAD_USER_INPUT with line numbers and writes nothing', async () => {
    const d = await newDealership();
    const token = await tokenFor(api.config, { role: 'admin' });
    const files = [
      { name: 'people.csv', content: `${PEOPLE}p1,王伟,,浙江,buyer,true,false\n` },
      { name: 'ties.csv', content: `${TIES}p1,p2,family,0.9\n` },
    ];
    const res = await api.gql(mutation, { files, d }, token);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('files');
    expect(res.errors?.[0]?.message).toContain('ties.csv:2: unknown person "p2"');
    expect((await countsOf(d)).people).toBe(0);
  });

  it('refuses unknown file names, oversized uploads and non-admins', async () => {
    const d = await newDealership();
    const admin = await tokenFor(api.config, { role: 'admin' });
    const odd = await api.gql(mutation, { files: [{ name: 'people.xlsx', content: 'x' }], d }, admin);
    expect(odd.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(odd.errors?.[0]?.message).toContain('people.xlsx: not a file of the format');
    const big = await api.gql(mutation, { files: Array.from({ length: 17 }, () => ({ name: 'people.csv', content: '' })), d }, admin);
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const manager = await tokenFor(api.config, { role: 'manager', dealershipId: d });
    const denied = await api.gql(mutation, { files: [{ name: 'people.csv', content: PEOPLE }], d }, manager);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await countsOf(d)).people).toBe(0);
  });
});
