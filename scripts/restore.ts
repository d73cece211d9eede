import path from 'node:path';
import { BackupError, restoreDatabase } from '../server/backup/backup.js';
import { openCliDatabase, parseArgs, UsageError, runCli } from '../server/data/cli-support.js';

// npm run restore -- <folder> [--no-verify]   (into an empty database)
const USAGE = 'usage: npm run restore -- <folder> [--no-verify]';

async function main(): Promise<number> {
  let folder: string;
  let verify: boolean;
  try {
    const args = parseArgs(process.argv.slice(2), [], ['no-verify']);
    if (args.positional.length !== 1) throw new UsageError('give exactly one backup folder');
    folder = path.resolve(args.positional[0]!);
    verify = !args.on.has('no-verify');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const cli = await openCliDatabase();
  const t0 = Date.now();
  try {
    process.stderr.write(`restoring ${folder} into ${cli.where}\n`);
    const r = await restoreDatabase(cli.db, folder, {
      adminUser: cli.config.auth.adminUser,
      verify,
      onProgress: (line) => process.stderr.write(`${line}  (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`),
    });
    for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
    process.stdout.write(
      `restored ${r.nodes.toLocaleString('en-US')} nodes and ${r.relationships.toLocaleString('en-US')} relationships in ${(r.ms / 1000).toFixed(1)} s` +
        (r.interchangeDifferences === null
          ? '\n'
          : r.interchangeDifferences.length === 0
            ? '; a fresh export is identical to the backup\n'
            : `; a fresh export differs in ${r.interchangeDifferences.join(', ')}\n`),
    );
    return 0;
  } finally {
    await cli.close();
  }
}

runCli('restore', main, { expected: [BackupError] });
