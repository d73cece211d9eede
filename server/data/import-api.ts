import type { Viewer } from '../graphql/context.js';
import { badInput } from '../errors.js';
import type { QueryRunner } from '../queries/driver.js';
import { writeAudit } from '../queries/audit.queries.js';
import { log } from '../logger.js';
import { requireRole } from '../services/access.js';
import { recomputeInfluence } from '../services/intelligence/influence.js';
import { importSources, ImportValidationError, textSources, type ImportReport } from './import.js';

/** The upload path of the importer (the `importData` mutation): admins only, bounded, same validation as the CLI. */

export const MAX_UPLOAD_FILES = 16;
/** Total characters over all files; the HTTP body limit (1 MB) bites first for JSON requests. */
export const MAX_UPLOAD_CHARS = 1_000_000;

export interface UploadedFile {
  name: string;
  content: string;
}

export async function importUploadedFiles(
  db: QueryRunner,
  viewer: Viewer | null,
  files: UploadedFile[],
  dealershipId: string | null,
  opts: { recomputeInfluence: boolean; followUpDays?: number } = { recomputeInfluence: true },
): Promise<ImportReport> {
  const admin = requireRole(viewer, ['admin']);
  if (files.length === 0) throw badInput('files', 'Give at least people.csv');
  if (files.length > MAX_UPLOAD_FILES) throw badInput('files', `At most ${MAX_UPLOAD_FILES} files per upload`);
  const total = files.reduce((n, f) => n + f.content.length, 0);
  if (total > MAX_UPLOAD_CHARS) {
    throw badInput('files', `The files hold ${total} characters; an upload takes at most ${MAX_UPLOAD_CHARS}. Use npm run import for larger sets.`);
  }
  try {
    const report = await importSources(db, textSources(files), { dealershipId, recordedBy: admin.userId, maxErrors: 50, followUpDays: opts.followUpDays });
    await db.writeTx((tx) =>
      writeAudit(
        tx,
        admin,
        'IMPORT_DATA',
        'Dealership',
        dealershipId ?? '*',
        { files: report.files.map((f) => ({ file: f.file, rows: f.rows, created: f.created })) },
        dealershipId ?? null,
      ),
    );
    // the stored ranking is stale now; refresh it without holding the admin's request (runs never overlap)
    if (opts.recomputeInfluence) {
      void recomputeInfluence(db).catch((err: unknown) =>
        log.error('influence recompute after import failed', { error: err instanceof Error ? err.message : String(err) }),
      );
    }
    return report;
  } catch (err) {
    if (err instanceof ImportValidationError) throw badInput('files', err.message);
    throw err;
  }
}
