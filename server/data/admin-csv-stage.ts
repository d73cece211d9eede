import fs from 'node:fs';
import path from 'node:path';
import type { AdminImportInput } from '../db/neo4j-admin-import.js';

/**
 * Writes the graph the importer would create as neo4j-admin CSV files (one per label or relationship type),
 * numbering nodes itself so relationships name node ids directly. Only the offline import uses it.
 *
 * Values: null is an empty unquoted field (no property); strings are always quoted, so an empty string stays one.
 */

export type ColumnType = 'string' | 'double' | 'long' | 'boolean' | 'date' | 'datetime' | 'string[]';
export type Columns = readonly (readonly [name: string, type: ColumnType])[];

const FLUSH_CHARS = 1 << 20;

class StageFile {
  private buf = '';
  private readonly out: fs.WriteStream;
  multiline = false;
  rows = 0;

  constructor(
    readonly file: string,
    header: string,
    private readonly types: ColumnType[],
  ) {
    this.out = fs.createWriteStream(file, { encoding: 'utf8' });
    this.buf = `${header}\n`;
  }

  /** Appends one row; resolves at once unless the stream asks to wait. */
  write(prefix: string, values: readonly unknown[]): Promise<void> | null {
    let line = prefix;
    for (let i = 0; i < this.types.length; i++) {
      line += ',';
      const v = values[i];
      if (v === null || v === undefined) continue;
      switch (this.types[i]) {
        case 'string':
          line += this.quote(String(v));
          break;
        case 'string[]':
          line += this.quote((v as string[]).join(';'));
          break;
        default:
          // numbers, booleans, ISO dates and datetimes need no quoting
          line += String(v);
      }
    }
    this.buf += `${line}\n`;
    this.rows++;
    return this.buf.length >= FLUSH_CHARS ? this.flush() : null;
  }

  private quote(s: string): string {
    if (!this.multiline && (s.includes('\n') || s.includes('\r'))) this.multiline = true;
    return s.includes('"') ? `"${s.replaceAll('"', '""')}"` : `"${s}"`;
  }

  flush(): Promise<void> | null {
    const chunk = this.buf;
    this.buf = '';
    if (this.out.write(chunk)) return null;
    return new Promise((resolve) => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    if (this.buf !== '') this.out.write(this.buf);
    this.buf = '';
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

const typed = (cols: Columns) => cols.map(([n, t]) => (t === 'string' ? n : `${n}:${t}`)).join(',');

export class AdminCsvStage {
  private nextId = 0;
  private readonly nodeFiles = new Map<string, StageFile>();
  private readonly relFiles = new Map<string, StageFile>();

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  /** The next free node id. */
  newNodeId(): number {
    return this.nextId++;
  }

  get nodeCount(): number {
    return this.nextId;
  }

  node(label: string, cols: Columns, id: number, values: readonly unknown[]): Promise<void> | null {
    let f = this.nodeFiles.get(label);
    if (!f) {
      f = new StageFile(path.join(this.dir, `nodes-${label}.csv`), `:ID,${typed(cols)}`, cols.map((c) => c[1]));
      this.nodeFiles.set(label, f);
    }
    return f.write(String(id), values);
  }

  rel(type: string, cols: Columns, from: number, to: number, values: readonly unknown[]): Promise<void> | null {
    let f = this.relFiles.get(type);
    if (!f) {
      const header = cols.length > 0 ? `:START_ID,:END_ID,${typed(cols)}` : ':START_ID,:END_ID';
      f = new StageFile(path.join(this.dir, `rels-${type}.csv`), header, cols.map((c) => c[1]));
      this.relFiles.set(type, f);
    }
    return f.write(`${from},${to}`, values);
  }

  /** Closes every file and returns what to hand to neo4j-admin. */
  async close(): Promise<AdminImportInput & { nodeRows: number; relationshipRows: number }> {
    const all = [...this.nodeFiles.values(), ...this.relFiles.values()];
    await Promise.all(all.map((f) => f.close()));
    return {
      nodes: [...this.nodeFiles].map(([label, f]) => ({ label, file: f.file })),
      relationships: [...this.relFiles].map(([type, f]) => ({ type, file: f.file })),
      multiline: all.filter((f) => f.multiline).map((f) => f.file),
      nodeRows: [...this.nodeFiles.values()].reduce((n, f) => n + f.rows, 0),
      relationshipRows: [...this.relFiles.values()].reduce((n, f) => n + f.rows, 0),
    };
  }

  /** Stops writing and removes the files (validation failed). */
  async discard(): Promise<void> {
    await Promise.allSettled([...this.nodeFiles.values(), ...this.relFiles.values()].map((f) => f.close()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
