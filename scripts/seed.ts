import path from 'node:path';
import {
  formatCount,
  openCliDatabase,
  parseArgs,
  printReport,
  progressBar,
  recomputeAfterImport,
  runCli,
  runOfflineImport,
  UsageError,
} from '../server/data/cli-support.js';
import { importFolder, ImportValidationError } from '../server/data/import.js';
import { OfflineImportError } from '../server/data/offline-import.js';
import { generateSeed, SIZES, type SeedSize } from '../seeds/generate.js';

// npm run seed -- --size demo|medium|large [--seed N] [--out dir] [--until YYYY-MM-DD] [--namespace ns] [--no-load | --offline [--overwrite]]
const USAGE =
  'usage: npm run seed -- --size demo|medium|large [--seed N] [--out dir] [--until YYYY-MM-DD] [--namespace ns] [--no-load | --offline [--overwrite]]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ['size', 'seed', 'out', 'until', 'namespace'], ['no-load', 'offline', 'overwrite']);
    if (args.on.has('overwrite') && !args.on.has('offline')) throw new UsageError('--overwrite goes with --offline');
    if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}"`);
    if (!args.values.size || !(args.values.size in SIZES)) throw new UsageError('--size must be demo, medium or large');
    if (args.values.seed !== undefined && !/^\d{1,10}$/.test(args.values.seed)) throw new UsageError('--seed must be a whole number');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const size = args.values.size as SeedSize;
  const seed = Number(args.values.seed ?? 42);
  const out = path.resolve(args.values.out ?? path.join('seeds', 'out', `${size}-${seed}`));
  const t0 = Date.now();
  process.stderr.write(`generating ${size} (seed ${seed}) into ${out}\n`);
  const result = await generateSeed({
    size,
    seed,
    out,
    until: args.values.until,
    namespace: args.values.namespace,
    onProgress: (stage) => process.stderr.write(`  ${stage} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`),
  });
  process.stdout.write(`generated in ${(result.ms / 1000).toFixed(1)} s:\n`);
  for (const [file, rows] of Object.entries(result.counts)) {
    process.stdout.write(`  ${`${file}.csv`.padEnd(22)} ${formatCount(rows).padStart(11)} rows\n`);
  }
  process.stdout.write(`  ground-truth.json (planted advisers and referral chains; not loaded)\n`);
  if (args.on.has('no-load')) return 0;
  if (args.on.has('offline')) {
    return runOfflineImport(out, { dealershipId: null, overwrite: args.on.has('overwrite'), recompute: true, json: false });
  }

  const cli = await openCliDatabase();
  const bar = progressBar('load');
  try {
    process.stderr.write(`loading into ${cli.where}\n`);
    const report = await importFolder(cli.db, out, { onProgress: bar.update, followUpDays: cli.config.followUpDays });
    bar.done();
    printReport(report);
    await recomputeAfterImport(cli.db);
    return 0;
  } finally {
    await cli.close();
  }
}

runCli('seed', main, { expected: [ImportValidationError, OfflineImportError], prefix: '', stack: true });
