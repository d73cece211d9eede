import path from 'node:path';
import { formatCount, openCliDatabase, parseArgs, UsageError, runCli } from '../server/data/cli-support.js';
import { ExportFolderError, exportFolder } from '../server/data/export.js';

// npm run export -- <folder> [--dealership <id>]
const USAGE = 'usage: npm run export -- <folder> [--dealership <id>]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ['dealership']);
    if (args.positional.length !== 1) throw new UsageError('give exactly one folder');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const folder = path.resolve(args.positional[0]!);
  const cli = await openCliDatabase();
  try {
    const d = args.values.dealership ?? null;
    process.stderr.write(`exporting ${d ? `dealership ${d}` : 'every dealership'} from ${cli.where} to ${folder}\n`);
    const report = await exportFolder(cli.db, folder, {
      dealershipId: d,
      onFile: (file, rows) => process.stderr.write(`  wrote ${file} (${formatCount(rows)} rows)\n`),
    });
    for (const w of report.warnings.slice(0, 50)) process.stderr.write(`warning: ${w}\n`);
    if (report.warnings.length > 50) process.stderr.write(`… and ${report.warnings.length - 50} more warnings\n`);
    const total = report.files.reduce((n, f) => n + f.rows, 0);
    process.stdout.write(`exported ${formatCount(total)} rows in ${(report.ms / 1000).toFixed(1)} s to ${folder}\n`);
    for (const f of report.files) process.stdout.write(`  ${f.file.padEnd(22)} ${formatCount(f.rows).padStart(11)} rows\n`);
    return 0;
  } finally {
    await cli.close();
  }
}

runCli('export', main, { expected: [ExportFolderError] });
