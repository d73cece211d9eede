/**
 * Mixed load: N concurrent clients for D seconds on reads (search, person, network, known-contact testimonials) and
 * writes (record a visit, log an unanswered thank-you call), as managers of each dealership. Reports p50/p95/p99
 * per operation and overall, errors, throughput, and the API process's memory (RSS) over the run.
 *
 *   Against a running server:
 *     npx tsx bench/load-mixed.ts --url http://127.0.0.1:4000 --token <admin JWT> [--secret <QUANZI_JWT_SECRET>] [--pid <API pid>]
 *       --token (admin) is used to find dealerships and people; the clients use manager tokens signed with --secret
 *       (default: the local development secret), or the admin token itself when no secret is known. --pid lets the
 *       script read the API's RSS from /proc.
 *   Self-starting (default): starts `server/main.ts` as a child process on --data-dir (default bench/data/load-medium),
 *     seeding it first with `npm run seed -- --size <--size, default medium>` when it holds fewer than 1,000 people.
 *
 *   Options: --clients 50 --duration 60 --warmup 10 --size medium
 * Writes bench/results/load-mixed-<time>.json. Not part of `npm test`; exits 1 when any request failed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '../server/auth/jwt.js';
import { loadConfig } from '../server/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function intArg(name: string, fallback: number, min: number): number {
  const raw = arg(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`load-mixed: --${name} must be a whole number of at least ${min} (argument ${process.argv.indexOf(`--${name}`)})\n`);
    process.exit(2);
  }
  return n;
}

const CLIENTS = intArg('clients', 50, 1);
const DURATION_S = intArg('duration', 60, 1);
const WARMUP_S = intArg('warmup', 10, 0);
const SIZE = arg('size') ?? 'medium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

interface Gql {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function client(url: string) {
  return async (query: string, variables: Record<string, unknown>, token: string): Promise<Gql> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as Omit<Gql, 'status'>) };
  };
}

// ---- the server under test ----

interface Target {
  url: string;
  adminToken: string;
  sign: ((role: 'manager', dealershipId: string) => Promise<string>) | null;
  pid: number | undefined;
  stop(): Promise<void>;
}

async function startServer(dataDir: string): Promise<Target> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    QUANZI_DATA_DIR: dataDir,
    NEO4J_BOLT_PORT: String(await freePort()),
    QUANZI_SEED: 'none',
    QUANZI_MODE: 'development',
    // info, as in production: one access line per request is part of the cost being measured
    LOG_LEVEL: 'info',
    NEO4J_PAGECACHE: process.env.NEO4J_PAGECACHE ?? '1g',
  };
  delete env.NEO4J_URI;
  // node with tsx as a loader, so that the pid is the API process itself (Neo4j is its child)
  // the API's own log (JSON lines) goes to a file next to the data, so it does not mix with the report
  const logFile = path.join(dataDir, 'logs', 'api.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logFd = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', logFd, logFd] });
  const stderr = () => fs.readFileSync(logFile, 'utf8').slice(-4000);
  process.stderr.write(`starting the API on ${dataDir} (log: ${path.relative(ROOT, logFile)})\n`);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start-up:\n${stderr()}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not start within 300 s:\n${stderr()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const config = loadConfig({ ...env });
  const sign = (role: 'manager' | 'admin', dealershipId: string | null) =>
    signToken({ sub: `load-${role}-${dealershipId ?? 'all'}`, username: `load-${role}`, role, dealershipId }, config.auth.jwtSecret, 3600);
  return {
    url,
    adminToken: await sign('admin', null),
    sign: (role, d) => sign(role, d),
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.closeSync(logFd);
    },
  };
}

async function seed(dataDir: string): Promise<void> {
  process.stderr.write(`seeding ${dataDir} with the ${SIZE} data set (npm run seed -- --size ${SIZE})\n`);
  // QUANZI_SEED=none: the seed command must not load the demo set into the empty database first
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QUANZI_DATA_DIR: dataDir,
    QUANZI_SEED: 'none',
    NEO4J_BOLT_PORT: String(await freePort()),
    NEO4J_PAGECACHE: '1g',
  };
  delete env.NEO4J_URI;
  const child = spawn(process.execPath, ['--max-old-space-size=768', '--max-semi-space-size=64', '--import', 'tsx', 'scripts/seed.ts', '--size', SIZE], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`seeding failed (exit ${code})`);
}

// ---- the workload ----

interface Fixture {
  dealerships: { id: string; token: string; people: { id: string; name: string; kind: string }[]; followUps: string[] }[];
}

const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';

async function discover(t: Target): Promise<Fixture> {
  const gql = client(t.url);
  const ds = await gql('{ dealerships(limit: 20) { id } }', {}, t.adminToken);
  if (ds.errors) throw new Error(`cannot list dealerships: ${ds.errors[0]!.message}`);
  const out: Fixture = { dealerships: [] };
  for (const { id } of (ds.data!.dealerships as { id: string }[])) {
    const ps = await gql(
      'query ($d: String!) { people(where: { dealershipId: { eq: $d } }, limit: 200, sort: [{ influence: DESC }]) { id name kind } }',
      { d: id },
      t.adminToken,
    );
    if (ps.errors) throw new Error(`cannot list people: ${ps.errors[0]!.message}`);
    const people = ps.data!.people as { id: string; name: string; kind: string }[];
    const more = await gql(
      'query ($d: String!) { people(where: { dealershipId: { eq: $d }, kind: { eq: PROSPECT } }, limit: 100) { id name kind } }',
      { d: id },
      t.adminToken,
    );
    const all = [...people, ...((more.data?.people as typeof people | undefined) ?? [])];
    if (all.length < 2) continue;
    const calls = await gql(
      'query ($d: String!) { followUps(where: { dealershipId: { eq: $d }, status: { eq: OPEN } }, limit: 100) { id } }',
      { d: id },
      t.adminToken,
    );
    const followUps = ((calls.data?.followUps as { id: string }[] | undefined) ?? []).map((f) => f.id);
    const token = t.sign ? await t.sign('manager', id) : t.adminToken;
    // seeds hold no open thank-you calls (they are made by recordSale): record a few sales to have some
    for (let i = followUps.length; i < 20; i++) {
      const buyer = all[i % all.length]!;
      const vin = Array.from({ length: 17 }, () => VIN_CHARS[Math.floor(Math.random() * VIN_CHARS.length)]).join('');
      const sale = await gql(
        'mutation ($input: SaleInput!) { recordSale(input: $input) { followUp { id } } }',
        { input: { buyerId: buyer.id, price: 150_000, vin, brand: '比亚迪', model: '汉', ...(t.sign ? {} : { dealershipId: id }) } },
        token,
      );
      const f = (sale.data?.recordSale as { followUp: { id: string } | null } | undefined)?.followUp?.id;
      if (f) followUps.push(f);
      else if (sale.errors) process.stderr.write(`note: could not record a sale for follow-ups: ${sale.errors[0]!.message}\n`);
    }
    out.dealerships.push({ id, token, people: all, followUps });
  }
  if (out.dealerships.length === 0) throw new Error('no dealership with people: seed the database first');
  return out;
}

type OpName = 'search' | 'person' | 'network' | 'testimonials' | 'recordVisit' | 'followUp';
const MIX: [OpName, number][] = [
  ['search', 30],
  ['person', 20],
  ['network', 15],
  ['testimonials', 15],
  ['recordVisit', 10],
  ['followUp', 10],
];

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)]!;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function operations(gql: ReturnType<typeof client>): Record<OpName, (d: Fixture['dealerships'][number]) => Promise<Gql[]>> {
  return {
    search: async (d) => [
      await gql('query ($q: String!) { searchPeople(query: $q, first: 20) { id name phone score } }', { q: pick(d.people).name.slice(0, 2) }, d.token),
    ],
    person: async (d) => [
      await gql(
        `query ($id: ID!) { people(where: { id: { eq: $id } }) { id name phone kind shareConsent contactConsent city
           family(limit: 20) { id name } friends(limit: 20) { id name } advisedBy(limit: 10) { id name }
           purchases(limit: 10) { id date price } visits(limit: 10) { id date kind } } }`,
        { id: pick(d.people).id },
        d.token,
      ),
    ],
    network: async (d) => [
      await gql(
        'query ($id: ID!) { network(personId: $id, depth: 2, limit: 100) { truncated nodes { id displayName hops } edges { from to kind strength } } }',
        { id: pick(d.people).id },
        d.token,
      ),
    ],
    testimonials: async (d) => {
      const prospects = d.people.filter((p) => p.kind === 'PROSPECT');
      return [
        await gql(
          'query ($id: ID!) { knownContactTestimonials(prospectId: $id, maxHops: 3, first: 10) { id hops rating text canCall author { id } } }',
          { id: pick(prospects.length ? prospects : d.people).id },
          d.token,
        ),
      ];
    },
    recordVisit: async (d) => {
      const prospect = pick(d.people);
      let companion = pick(d.people);
      if (companion.id === prospect.id) companion = d.people[(d.people.indexOf(prospect) + 1) % d.people.length]!;
      return [
        await gql(
          'mutation ($input: VisitInput!) { recordVisit(input: $input) { id proposedTies { kind } } }',
          { input: { prospectId: prospect.id, date: today(), kind: 'SHOWROOM', companions: [{ personId: companion.id, role: 'FRIEND' }] } },
          d.token,
        ),
      ];
    },
    followUp: async (d) => {
      // the manager's list of calls, then one call logged as unanswered: it is counted and stays open, so the
      // same write can repeat for the whole run
      const list = await gql('{ myFollowUps(first: 20, status: OPEN) { id dueDate overdue } }', {}, d.token);
      if (d.followUps.length === 0) return [list];
      const done = await gql(
        'mutation ($id: ID!) { completeFollowUp(id: $id, outcome: NO_ANSWER) { followUp { id attempts } } }',
        { id: pick(d.followUps) },
        d.token,
      );
      return [list, done];
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<number> {
  const url = arg('url');
  let target: Target;
  if (url) {
    const token = arg('token');
    if (!token) {
      process.stderr.write('load-mixed: --url needs --token (an admin JWT)\n');
      return 2;
    }
    const secret = arg('secret') ?? loadConfig({}).auth.jwtSecret;
    const pid = arg('pid') ? Number(arg('pid')) : undefined;
    target = {
      url,
      adminToken: token,
      sign: (role, d) => signToken({ sub: `load-${role}-${d}`, username: `load-${role}`, role, dealershipId: d }, secret, 3600),
      pid,
      stop: async () => undefined,
    };
    // a token signed with the wrong secret would fail every request: fall back to the admin token
    const probe = await client(url)('{ me { id } }', {}, await target.sign!('manager', 'probe'));
    if (probe.status === 401) target.sign = null;
  } else {
    const dataDir = path.resolve(ROOT, arg('data-dir') ?? `bench/data/load-${SIZE}`);
    fs.mkdirSync(dataDir, { recursive: true });
    target = await startServer(dataDir);
    const stats = await client(target.url)('{ graphStats { people } }', {}, target.adminToken);
    const people = (stats.data?.graphStats as { people: number } | undefined)?.people ?? 0;
    if (people < 1000) {
      await target.stop();
      await seed(dataDir);
      target = await startServer(dataDir);
    }
  }

  try {
    const gql = client(target.url);
    const fixture = await discover(target);
    const ops = operations(gql);
    const total = MIX.reduce((s, [, w]) => s + w, 0);
    const chooseOp = (): OpName => {
      let x = Math.random() * total;
      for (const [name, w] of MIX) if ((x -= w) < 0) return name;
      return 'search';
    };
    process.stderr.write(
      `load: ${CLIENTS} clients, ${WARMUP_S} s warm-up + ${DURATION_S} s measured, ${fixture.dealerships.length} dealerships, ` +
        `${fixture.dealerships.reduce((s, d) => s + d.people.length, 0)} sampled people, ` +
        `${fixture.dealerships.reduce((s, d) => s + d.followUps.length, 0)} open follow-ups\n`,
    );

    const lat = new Map<OpName, number[]>(MIX.map(([n]) => [n, []]));
    const errors: { op: OpName; status: number; code?: string; message: string }[] = [];
    let requests = 0;
    let measuring = false;
    let stop = false;
    const rss: { t: number; mb: number }[] = [];
    const t0 = Date.now();
    const sampler = setInterval(() => {
      const mb = rssMb(target.pid);
      if (mb !== null) rss.push({ t: Math.round((Date.now() - t0) / 1000), mb });
    }, 1000);
    const worker = async () => {
      while (!stop) {
        const op = chooseOp();
        const d = pick(fixture.dealerships);
        const started = performance.now();
        let answers: Gql[];
        try {
          answers = await ops[op](d);
        } catch (err) {
          answers = [{ status: 0, errors: [{ message: String((err as Error).message) }] }];
        }
        const ms = performance.now() - started;
        if (!measuring) continue;
        lat.get(op)!.push(ms);
        requests += answers.length;
        for (const a of answers) {
          if (a.status !== 200 || a.errors?.length) {
            errors.push({ op, status: a.status, code: a.errors?.[0]?.extensions?.code, message: a.errors?.[0]?.message ?? `HTTP ${a.status}` });
          }
        }
      }
    };
    const workers = Array.from({ length: CLIENTS }, worker);
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    measuring = true;
    const m0 = Date.now();
    const rssStart = rssMb(target.pid);
    let lastTick = 0;
    while (Date.now() - m0 < DURATION_S * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      const s = Math.floor((Date.now() - m0) / 1000);
      if (s - lastTick >= 10) {
        lastTick = s;
        const n = [...lat.values()].reduce((x, l) => x + l.length, 0);
        process.stderr.write(`  ${s} s: ${n} operations, ${errors.length} errors, API RSS ${rssMb(target.pid) ?? '?'} MB\n`);
      }
    }
    measuring = false;
    stop = true;
    const seconds = (Date.now() - m0) / 1000;
    await Promise.all(workers);
    clearInterval(sampler);
    const rssEnd = rssMb(target.pid);

    const rows = MIX.map(([op]) => {
      const l = [...lat.get(op)!].sort((a, b) => a - b);
      return { op, n: l.length, p50: percentile(l, 50), p95: percentile(l, 95), p99: percentile(l, 99), errors: errors.filter((e) => e.op === op).length };
    });
    const all = [...lat.values()].flat().sort((a, b) => a - b);
    const measured = rss.filter((x) => x.t >= WARMUP_S);
    const firstTen = measured.slice(0, 10).map((x) => x.mb);
    const lastTen = measured.slice(-10).map((x) => x.mb);
    const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
    const memory = {
      startMb: rssStart,
      endMb: rssEnd,
      maxMb: measured.length ? Math.max(...measured.map((x) => x.mb)) : null,
      firstTenSecondsMeanMb: mean(firstTen),
      lastTenSecondsMeanMb: mean(lastTen),
      samples: rss,
    };
    const result = {
      at: new Date().toISOString(),
      clients: CLIENTS,
      durationS: seconds,
      warmupS: WARMUP_S,
      operations: all.length,
      requests,
      throughputOpsPerS: Math.round((all.length / seconds) * 10) / 10,
      overall: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) },
      perOperation: rows,
      errors: { count: errors.length, first: errors.slice(0, 10) },
      memory,
    };
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1).padStart(8) : '       -');
    process.stdout.write(`\n${'operation'.padEnd(14)}${'n'.padStart(7)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}\n`);
    for (const r of rows) process.stdout.write(`${r.op.padEnd(14)}${String(r.n).padStart(7)}${f(r.p50)} ${f(r.p95)} ${f(r.p99)}${String(r.errors).padStart(8)}\n`);
    process.stdout.write(`${'all'.padEnd(14)}${String(all.length).padStart(7)}${f(result.overall.p50)} ${f(result.overall.p95)} ${f(result.overall.p99)}${String(errors.length).padStart(8)}\n`);
    process.stdout.write(
      `\n${result.throughputOpsPerS} operations/s (${requests} requests) over ${seconds.toFixed(0)} s at ${CLIENTS} clients\n` +
        `API RSS: start ${memory.startMb ?? '?'} MB, end ${memory.endMb ?? '?'} MB, max ${memory.maxMb ?? '?'} MB; ` +
        `mean of the first 10 s ${memory.firstTenSecondsMeanMb ?? '?'} MB, of the last 10 s ${memory.lastTenSecondsMeanMb ?? '?'} MB\n`,
    );
    for (const e of errors.slice(0, 5)) process.stdout.write(`error: ${e.op} HTTP ${e.status} ${e.code ?? ''} ${e.message}\n`);
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `load-mixed-${result.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    process.stdout.write(`written: ${path.relative(ROOT, file)}\n`);
    return errors.length === 0 ? 0 : 1;
  } finally {
    await target.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`load-mixed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
