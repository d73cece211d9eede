import path from 'node:path';
import { openCliDatabase, parseArgs, printReport, progressBar, recomputeAfterImport, runCli, runOfflineImport, UsageError } from '../server/data/cli-support.js';
import { importFolder, ImportValidationError } from '../server/data/import.js';
import { OfflineImportError } from '../server/data/offline-import.js';

// npm run import -- <folder> [--dealership <id>] [--batch <rows>] [--offline [--overwrite]] [--no-recompute] [--json]
const USAGE =
  'usage: npm run import -- <folder> [--dealership <id>] [--batch <rows per transaction>] [--offline [--overwrite]] [--no-recompute] [--json]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ['dealership', 'batch'], ['json', 'offline', 'overwrite', 'no-recompute']);
    if (args.positional.length !== 1) throw new UsageError('give exactly one folder');
    if (args.on.has('overwrite') && !args.on.has('offline')) throw new UsageError('--overwrite goes with --offline');
    if (args.on.has('offline') && args.values.batch) throw new UsageError('--batch is for the online import');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const folder = path.resolve(args.positional[0]!);
  const recompute = !args.on.has('no-recompute');
  if (!args.on.has('offline')) return online(folder, args, recompute);
  return runOfflineImport(folder, {
    dealershipId: args.values.dealership ?? null,
    overwrite: args.on.has('overwrite'),
    recompute,
    json: args.on.has('json'),
  });
}

async function online(folder: string, args: { values: Record<string, string>; on: Set<string> }, recompute: boolean): Promise<number> {
  const batch = args.values.batch ? Number(args.values.batch) : undefined;
  const cli = await openCliDatabase();
  const bar = progressBar('import');
  try {
    process.stderr.write(`importing ${folder} into ${cli.where}\n`);
    const report = await importFolder(cli.db, folder, {
      dealershipId: args.values.dealership ?? null,
      followUpDays: cli.config.followUpDays,
      batchSize: batch,
      onProgress: bar.update,
    });
    bar.done();
    const influence = recompute ? await recomputeAfterImport(cli.db) : null;
    if (args.on.has('json')) process.stdout.write(`${JSON.stringify({ ...report, influenceMs: influence })}\n`);
    else printReport(report);
    return 0;
  } finally {
    await cli.close();
  }
}

runCli('import', main, { expected: [ImportValidationError, OfflineImportError], prefix: '' });
