import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedNeo4jError, ensureNeo4jInstalled, jvmFlags, neo4jClasspath } from './embedded-neo4j.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface AdminImportInput {
  /** Node files: label and file (header row first, `:ID` column first). */
  nodes: { label: string; file: string }[];
  /** Relationship files: type and file (`:START_ID,:END_ID` first). */
  relationships: { type: string; file: string }[];
  /** Files with values that span lines (quoted newlines); the others are read by the faster single-line reader. */
  multiline: string[];
}

export interface AdminImportOptions extends AdminImportInput {
  /** A Neo4j home of its own: the store is written to <home>/data/databases/<database>. */
  home: string;
  database: string;
  /** JVM heap of the import tool; the rest of its memory is off-heap (--max-off-heap-memory). */
  heap?: string;
  maxOffHeap?: string;
  /** Each line the tool prints (its stage names and progress dots). */
  onOutput?: (line: string) => void;
}

/**
 * Runs `neo4j-admin database import full` of the installed Neo4j version (the same jars as the embedded server)
 * with node ids given by the caller (`--id-type=actual`), which skips the importer's string id mapping.
 */
export async function runAdminImport(opts: AdminImportOptions): Promise<void> {
  ensureNeo4jInstalled();
  const conf = path.join(opts.home, 'conf');
  fs.mkdirSync(conf, { recursive: true });
  // no stray neo4j.conf: the tool reads only what is given here
  fs.writeFileSync(path.join(conf, 'neo4j.conf'), '');
  const args = [
    ...jvmFlags(opts.heap ?? '1g'),
    '-cp',
    neo4jClasspath(),
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    // the database name first: list options are greedy and would take it as one more file
    opts.database,
    '--id-type=actual',
    `--max-off-heap-memory=${opts.maxOffHeap ?? '50%'}`,
    `--report-file=${path.join(opts.home, 'import.report')}`,
    ...opts.nodes.map((n) => `--nodes=${n.label}=${n.file}`),
    ...opts.relationships.map((r) => `--relationships=${r.type}=${r.file}`),
  ];
  if (opts.multiline.length > 0) args.push('--multiline-fields-format=v2', `--multiline-fields=${opts.multiline.join(',')}`);
  const child = spawn('java', args, {
    cwd: ROOT,
    env: { ...process.env, NEO4J_HOME: opts.home, NEO4J_CONF: conf },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const onChunk = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      const l = line.trimEnd();
      if (l === '') continue;
      tail.push(l);
      if (tail.length > 40) tail.shift();
      opts.onOutput?.(l);
    }
  };
  child.stdout.on('data', onChunk);
  child.stderr.on('data', onChunk);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (err) => reject(new EmbeddedNeo4jError(`Could not run java: ${err.message}`)));
    child.once('exit', (c) => resolve(c));
  });
  if (code !== 0) {
    throw new EmbeddedNeo4jError(`neo4j-admin database import failed (exit ${code ?? 'signal'}):\n${tail.filter((l) => !/^[.-]/.test(l)).join('\n')}`);
  }
}
