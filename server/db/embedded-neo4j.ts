import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NEO4J_HOME = path.join(ROOT, '.neo4j');
const READY = 'QUANZI_NEO4J_READY';

export class EmbeddedNeo4jError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedNeo4jError';
  }
}

export interface EmbeddedNeo4jOptions {
  dataDir: string;
  boltPort: number;
  user: string;
  password: string;
  heap: string;
  pageCache: string;
  /** Read the store files ahead into the OS file cache after start-up (default true). */
  warmup?: boolean;
  txTimeout: string;
  /** db.tx_log.rotation.retention_policy (default "1G size"). */
  txLogRetention?: string;
  startTimeoutMs: number;
  /** Called with each progress line, e.g. for a console. */
  onOutput?: (line: string) => void;
}

export interface EmbeddedNeo4j {
  readonly uri: string;
  readonly pid: number;
  readonly logFile: string;
  /** Stops Neo4j; resolves true when it shut down cleanly (flushed and closed its stores). */
  stop(): Promise<boolean>;
  /** Resolves when the process has exited, for whatever reason. */
  readonly exited: Promise<number | null>;
}

function hasCommand(cmd: string, args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** Runs the idempotent install step (Maven fetches the jars once, then it is a no-op). */
export function ensureNeo4jInstalled(): void {
  const missing = ['java', 'mvn'].filter((c) => !hasCommand(c, c === 'java' ? ['-version'] : ['-v']));
  if (missing.length > 0) {
    throw new EmbeddedNeo4jError(
      `Cannot start the embedded Neo4j: ${missing.join(' and ')} not found on PATH (Java 17 and Maven are needed). ` +
        'Install them, or set NEO4J_URI to an existing Neo4j server (bolt://, neo4j:// or neo4j+s://).',
    );
  }
  const r = spawnSync('bash', [path.join(ROOT, 'server/neo4j/install.sh')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new EmbeddedNeo4jError(`The Neo4j install step failed (exit ${r.status ?? 'signal'}); see the output above.`);
  }
}

function tail(file: string, lines: number): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

/** The JVM flags of every Neo4j process we run (server/neo4j/jvm-flags.txt) with the heap size. */
export function jvmFlags(heap: string): string[] {
  const file = path.join(ROOT, 'server/neo4j/jvm-flags.txt');
  const flags = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  return [`-Xms${heap}`, `-Xmx${heap}`, ...flags];
}

/** The classpath of the installed Neo4j jars (server/neo4j/install.sh writes it). */
export function neo4jClasspath(): string {
  return fs.readFileSync(path.join(NEO4J_HOME, 'classpath.txt'), 'utf8').trim();
}

/** Starts Neo4j Community embedded in a child JVM and waits until Bolt answers. */
export async function startEmbeddedNeo4j(opts: EmbeddedNeo4jOptions): Promise<EmbeddedNeo4j> {
  ensureNeo4jInstalled();
  const classpath = neo4jClasspath();
  fs.mkdirSync(path.join(opts.dataDir, 'logs'), { recursive: true });
  const logFile = path.join(opts.dataDir, 'logs', 'launcher.log');
  const neoLog = path.join(opts.dataDir, 'logs', 'neo4j.log');
  const out = fs.openSync(logFile, 'a');

  const child: ChildProcess = spawn('java', [...jvmFlags(opts.heap), '-cp', classpath, 'quanzi.Neo4jLauncher'], {
    cwd: ROOT,
    env: {
      ...process.env,
      QUANZI_DATA_DIR: opts.dataDir,
      NEO4J_BOLT_PORT: String(opts.boltPort),
      NEO4J_USER: opts.user,
      NEO4J_PASSWORD: opts.password,
      NEO4J_PAGECACHE: opts.pageCache,
      NEO4J_TX_TIMEOUT: opts.txTimeout,
      NEO4J_TX_LOG_RETENTION: opts.txLogRetention ?? '1G size',
      QUANZI_NEO4J_WARMUP: opts.warmup === false ? '0' : '1',
      // the JVM stops by itself when this process dies and its stdin closes
      QUANZI_NEO4J_WATCH_STDIN: '1',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let uri = '';
  let cleanStop = false;
  const ready = new Promise<void>((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      fs.writeSync(out, chunk);
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line === 'QUANZI_NEO4J_STOPPED') {
          cleanStop = true;
        } else if (line.startsWith(READY)) {
          uri = line.slice(READY.length).trim();
          resolve();
        } else if (line !== '') {
          opts.onOutput?.(line);
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => fs.writeSync(out, chunk));
    child.once('error', (err) => reject(new EmbeddedNeo4jError(`Could not run java: ${err.message}`)));
    void exited.then((code) =>
      reject(
        new EmbeddedNeo4jError(
          `Neo4j exited during start-up (code ${code}). Last lines of ${neoLog}:\n${tail(neoLog, 20)}\n` +
            `Last lines of ${logFile}:\n${tail(logFile, 20)}`,
        ),
      ),
    );
  });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new EmbeddedNeo4jError(
          `Neo4j did not answer on Bolt within ${opts.startTimeoutMs} ms. Last lines of ${neoLog}:\n${tail(neoLog, 20)}`,
        ),
      );
    }, opts.startTimeoutMs);
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }

  let stopping: Promise<boolean> | undefined;
  return {
    uri,
    pid: child.pid ?? -1,
    logFile: neoLog,
    exited,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(killer);
        }
        fs.closeSync(out);
        return cleanStop;
      })();
      return stopping;
    },
  };
}
