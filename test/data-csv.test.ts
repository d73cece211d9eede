import { describe, expect, it } from 'vitest';
import { csvLine, CsvSyntaxError, parseCsv, textChunks } from '../server/data/csv.js';
import { internalId } from '../server/data/format.js';
import { parseDate, parsePhone, parseVin } from '../server/data/values.js';

async function parseAll(chunks: string[]): Promise<{ line: number; fields: string[] }[]> {
  const out: { line: number; fields: string[] }[] = [];
  async function* gen() {
    for (const c of chunks) yield c;
  }
  for await (const batch of parseCsv(gen())) out.push(...batch);
  return out;
}

/** Every way of cutting the text into chunks of n characters. */
function cut(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

describe('CSV (RFC 4180)', () => {
  const text =
    '\ufeffid,name,notes\r\n' +
    'p1,王伟,"说: ""好车"", 推荐"\r\n' +
    '\r\n' +
    'p2,"李娜","第一行\n第二行"\n' +
    'p3,,\n' +
    'p4,"",last';
  const expected = [
    { line: 1, fields: ['id', 'name', 'notes'] },
    { line: 2, fields: ['p1', '王伟', '说: "好车", 推荐'] },
    { line: 4, fields: ['p2', '李娜', '第一行\n第二行'] },
    { line: 6, fields: ['p3', '', ''] },
    { line: 7, fields: ['p4', '', 'last'] },
  ];

  it('parses quotes, doubled quotes, embedded newlines, CRLF, a BOM and blank lines, with record line numbers', async () => {
    expect(await parseAll([text])).toEqual(expected);
  });

  it('gives the same records however the stream is chunked', async () => {
    for (const n of [1, 2, 3, 5, 7, 11, 64]) expect(await parseAll(cut(text, n))).toEqual(expected);
  });

  it('rejects a bare quote and text after a closing quote, naming the line', async () => {
    await expect(parseAll(['a,b\nx,y"z\n'])).rejects.toMatchObject({ line: 2, message: 'quote inside an unquoted field' });
    await expect(parseAll(['a,b\n1,2\n"x"y,2\n'])).rejects.toMatchObject({ line: 3, message: 'unexpected text after a closing quote' });
    await expect(parseAll(['a,b\n1,"open\n\n'])).rejects.toBeInstanceOf(CsvSyntaxError);
  });

  it('writes what it reads: quoting only where needed, CRLF line ends', async () => {
    const rows = [
      ['p1', '王伟', 'a,b', 'say "hi"', 'two\nlines', ''],
      ['p2', ' spaced ', '', '', '', 'x'],
    ];
    const written = rows.map((r) => csvLine(r)).join('');
    expect(written).toBe('p1,王伟,"a,b","say ""hi""","two\nlines",\r\np2, spaced ,,,,x\r\n');
    const chunks: string[] = [];
    for await (const c of textChunks(written, 3)) chunks.push(c);
    expect(chunks.join('')).toBe(written);
    const back = await parseAll(chunks);
    expect(back.map((r) => r.fields)).toEqual(rows);
  });
});

describe('cell values', () => {
  it('normalises China mobile numbers and refuses others', () => {
    expect(parsePhone('138 0013 8000')).toBe('+8613800138000');
    expect(parsePhone('+86 139-1234-5678')).toBe('+8613912345678');
    expect(parsePhone('8615912345678')).toBe('+8615912345678');
    expect(parsePhone('')).toBeNull();
    for (const bad of ['12812345678', '1381234567', '010-12345678', 'abc']) expect(parsePhone(bad)).toHaveProperty('error');
  });

  it('accepts only real dates and 17-character VINs without I, O, Q', () => {
    expect(parseDate('2024-02-29', 'date')).toBe('2024-02-29');
    expect(parseDate('2023-02-29', 'date')).toHaveProperty('error');
    expect(parseDate('2024/01/01', 'date')).toHaveProperty('error');
    expect(parseVin('lgxc16df4r0000001')).toBe('LGXC16DF4R0000001');
    expect(parseVin('LGXC16DF4R000000I')).toHaveProperty('error');
  });

  it('derives internal ids from dealership, kind and file id, so two stores never share one', () => {
    expect(internalId('person', 'd1', 'p1')).toBe(internalId('person', 'd1', 'p1'));
    expect(internalId('person', 'd1', 'p1')).not.toBe(internalId('person', 'd2', 'p1'));
    expect(internalId('person', 'd1', 'p1')).not.toBe(internalId('sale', 'd1', 'p1'));
    // no separator games: ("a:b", "c") and ("a", "b:c") differ
    expect(internalId('person', 'a:b', 'c')).not.toBe(internalId('person', 'a', 'b:c'));
    expect(internalId('person', 'd1', 'p1')).toMatch(/^per_[A-Za-z0-9_-]{20}$/);
  });
});
