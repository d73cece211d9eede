import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** One parsed record and the (1-based) line it starts on; the header is line 1. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Longest record we accept; a runaway quoted field otherwise swallows the whole file into memory. */
const MAX_RECORD_CHARS = 1_000_000;

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Streaming RFC 4180 parser: yields the records of each chunk as one array (so a 5M-line file costs a few
 * thousand awaits, not millions). Accepts LF or CRLF line ends and a leading UTF-8 BOM, skips blank lines, and
 * rejects a bare quote inside an unquoted field or text after a closing quote, with the line number.
 */
export async function* parseCsv(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let rest = '';
  let line = 1;
  let first = true;
  for await (let chunk of chunks) {
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    const text = rest === '' ? chunk : rest + chunk;
    const out: CsvRecord[] = [];
    const consumed = parseRecords(text, false, line, out);
    line = consumed.line;
    rest = text.slice(consumed.pos);
    if (rest.length > MAX_RECORD_CHARS) throw new CsvSyntaxError(line, 'record longer than 1,000,000 characters (unclosed quote?)');
    if (out.length > 0) yield out;
  }
  if (rest !== '') {
    const out: CsvRecord[] = [];
    parseRecords(rest, true, line, out);
    if (out.length > 0) yield out;
  }
}

/**
 * Parses complete records from `s`; stops before an incomplete last record unless `final`.
 * Returns the position after the last complete record and the line number there.
 */
function parseRecords(s: string, final: boolean, startLine: number, out: CsvRecord[]): { pos: number; line: number } {
  const n = s.length;
  let pos = 0;
  let line = startLine;
  let nextComma = -2;
  let nextLf = -2;
  while (pos < n) {
    // blank line
    const c0 = s.charCodeAt(pos);
    if (c0 === LF) {
      pos++;
      line++;
      continue;
    }
    if (c0 === CR && s.charCodeAt(pos + 1) === LF) {
      pos += 2;
      line++;
      continue;
    }
    if (c0 === CR && pos + 1 >= n && !final) break;
    const recordStart = pos;
    const recordLine = line;
    const fields: string[] = [];
    let i = pos;
    let complete = false;
    let extraLines = 0;
    for (;;) {
      if (i < n && s.charCodeAt(i) === QUOTE) {
        // quoted field
        let value = '';
        let j = i + 1;
        let closed = false;
        for (;;) {
          const q = s.indexOf('"', j);
          if (q < 0) break;
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) break; // the next chunk may start with the second quote of ""
          value += s.slice(j, q);
          j = q + 1;
          closed = true;
          break;
        }
        if (!closed) {
          if (final) throw new CsvSyntaxError(recordLine, 'unclosed quoted field');
          break;
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) extraLines++;
        fields.push(value);
        const after = j < n ? s.charCodeAt(j) : -1;
        if (after === COMMA) {
          i = j + 1;
          continue;
        }
        if (after === LF) {
          i = j + 1;
          complete = true;
          break;
        }
        if (after === CR && s.charCodeAt(j + 1) === LF) {
          i = j + 2;
          complete = true;
          break;
        }
        if (after === -1) {
          if (!final) break;
          i = j;
          complete = true;
          break;
        }
        if (after === CR && j + 1 >= n && !final) break;
        throw new CsvSyntaxError(recordLine + extraLines, 'unexpected text after a closing quote');
      }
      // unquoted field: up to the next comma or line end
      if (nextComma !== -1 && nextComma < i) nextComma = s.indexOf(',', i);
      if (nextLf !== -1 && nextLf < i) nextLf = s.indexOf('\n', i);
      const endLine = nextLf < 0 ? n : nextLf;
      if (nextComma >= 0 && nextComma < endLine) {
        const v = s.slice(i, nextComma);
        if (v.indexOf('"') >= 0) throw new CsvSyntaxError(recordLine + extraLines, 'quote inside an unquoted field');
        fields.push(v);
        i = nextComma + 1;
        continue;
      }
      if (nextLf < 0 && !final) break;
      let end = endLine;
      if (end > i && s.charCodeAt(end - 1) === CR) end--;
      const v = s.slice(i, end);
      if (v.indexOf('"') >= 0) throw new CsvSyntaxError(recordLine + extraLines, 'quote inside an unquoted field');
      fields.push(v);
      i = nextLf < 0 ? n : nextLf + 1;
      complete = true;
      break;
    }
    if (!complete) {
      pos = recordStart;
      line = recordLine;
      break;
    }
    out.push({ line: recordLine, fields });
    line = recordLine + extraLines + 1;
    pos = i;
  }
  return { pos, line };
}

/** Reads a file as UTF-8 text chunks (a character split across chunks is kept whole). */
export async function* readFileChunks(file: string, chunkBytes = 1 << 20): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const stream = fs.createReadStream(file, { highWaterMark: chunkBytes });
  for await (const buf of stream as AsyncIterable<Buffer>) {
    const s = decoder.write(buf);
    if (s !== '') yield s;
  }
  const tail = decoder.end();
  if (tail !== '') yield tail;
}

/**
 * A small CSV file, all in memory, as records keyed by its header (a missing field reads ''): for the handful of rows
 * of a demo's users or a test's check, never for the import, which streams.
 */
export async function readCsvRecords(file: string): Promise<Record<string, string>[]> {
  let header: string[] | null = null;
  const rows: Record<string, string>[] = [];
  for await (const records of parseCsv(readFileChunks(file))) {
    for (const r of records) {
      if (!header) header = r.fields;
      else rows.push(Object.fromEntries(header.map((h, i) => [h, r.fields[i] ?? ''])));
    }
  }
  return rows;
}

/** One in-memory text as chunks (the API upload path). */
export async function* textChunks(text: string, chunkChars = 1 << 20): AsyncGenerator<string> {
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + chunkChars);
    // never split a surrogate pair
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end++;
    yield text.slice(i, end);
    i = end;
  }
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted only when RFC 4180 requires it. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One record with its CRLF line end (RFC 4180). */
export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += csvField(values[i]);
  }
  return out + '\r\n';
}

/** Buffered file writer with back-pressure, for exports and the generator. */
export class CsvFileWriter {
  private readonly stream: fs.WriteStream;
  private buffer = '';
  private failed: Error | null = null;
  rows = 0;

  constructor(
    readonly file: string,
    header: readonly string[],
  ) {
    this.stream = fs.createWriteStream(file, { encoding: 'utf8' });
    this.stream.on('error', (err) => {
      this.failed = err;
    });
    this.buffer = csvLine(header);
  }

  /** Appends one row; await it so a fast producer waits for the disk. */
  async write(values: readonly (string | number | boolean | null | undefined)[]): Promise<void> {
    this.buffer += csvLine(values);
    this.rows++;
    if (this.buffer.length >= 1 << 18) await this.flush();
  }

  /** Appends an already-formatted line (ending in CRLF). */
  async writeLine(line: string): Promise<void> {
    this.buffer += line;
    this.rows++;
    if (this.buffer.length >= 1 << 18) await this.flush();
  }

  /** Appends one row without waiting; true when the caller should `await drain()`. */
  push(values: readonly (string | number | boolean | null | undefined)[]): boolean {
    this.buffer += csvLine(values);
    this.rows++;
    return this.buffer.length >= 1 << 18;
  }

  async drain(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failed) throw this.failed;
  }
}
