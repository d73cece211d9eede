import path from 'node:path';
import { openCliDatabase, parseArgs, printReport, progressBar, UsageError } from '../server/data/cli-support.js';
import { importFolder, ImportValidationError } from '../server/data/import.js';

// npm run import -- <folder> [--dealership <id>] [--batch <rows>] [--json]
const USAGE = 'usage: npm run import -- <folder> [--dealership <id>] [--batch <rows per transaction>] [--json]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ['dealership', 'batch'], ['json']);
    if (args.positional.length !== 1) throw new UsageError('give exactly one folder');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const folder = path.resolve(args.positional[0]!);
  const batch = args.values.batch ? Number(args.values.batch) : undefined;
  const cli = await openCliDatabase();
  const bar = progressBar('import');
  try {
    process.stderr.write(`importing ${folder} into ${cli.where}\n`);
    const report = await importFolder(cli.db, folder, {
      dealershipId: args.values.dealership ?? null,
      batchSize: batch,
      onProgress: bar.update,
    });
    bar.done();
    if (args.on.has('json')) process.stdout.write(`${JSON.stringify(report)}\n`);
    else printReport(report);
    return 0;
  } catch (err) {
    if (err instanceof ImportValidationError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await cli.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`import failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
