// What the import screen checks before it sends anything; no imports, so the server's tests can hold it to the
// server's list of files.

/** The server's limits for an upload (server/data/import-api.ts, QUANZI_MAX_BODY_BYTES); larger sets use the CLI. */
export const UPLOAD_LIMITS = { files: 16, chars: 1_000_000, bodyBytes: 1_048_576 } as const;

/** The files of the interchange format (docs/data-format.md; test/web-import-files.test.ts keeps this list the server's). */
export const FORMAT_FILES = [
  'dealerships.csv',
  'users.csv',
  'vehicle_models.csv',
  'organizations.csv',
  'people.csv',
  'sales.csv',
  'employments.csv',
  'supplies.csv',
  'ties.csv',
  'referrals.csv',
  'visits.csv',
  'testimonials.csv',
  'service_records.csv',
  'interactions.csv',
] as const;

export interface Picked {
  name: string;
  content: string;
}

/** What stops an upload before it is sent, as message keys with their values; empty when it may go. */
export function uploadProblems(files: readonly Picked[]): { key: 'import.error.none' | 'import.error.tooMany' | 'import.error.tooBig' | 'import.error.unknown' | 'import.error.people'; values?: Record<string, string | number> }[] {
  const out: ReturnType<typeof uploadProblems> = [];
  if (files.length === 0) return [{ key: 'import.error.none' }];
  if (files.length > UPLOAD_LIMITS.files) out.push({ key: 'import.error.tooMany', values: { max: UPLOAD_LIMITS.files } });
  const chars = files.reduce((n, f) => n + f.content.length, 0);
  // the JSON body carries the text as UTF-8: a Chinese character is three bytes
  const bytes = files.reduce((n, f) => n + new TextEncoder().encode(f.content).length, 0);
  if (chars > UPLOAD_LIMITS.chars || bytes > UPLOAD_LIMITS.bodyBytes - 4096) out.push({ key: 'import.error.tooBig' });
  const unknown = files.filter((f) => !(FORMAT_FILES as readonly string[]).includes(f.name));
  if (unknown.length > 0) out.push({ key: 'import.error.unknown', values: { names: unknown.map((f) => f.name).join(', ') } });
  if (!files.some((f) => f.name === 'people.csv')) out.push({ key: 'import.error.people' });
  return out;
}
