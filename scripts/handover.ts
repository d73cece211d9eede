import path from 'node:path';
import { formatCount, openCliDatabase, parseArgs, UsageError, runCli } from '../server/data/cli-support.js';
import { ExportFolderError } from '../server/data/export.js';
import { HandoverError, writeHandover } from '../server/data/handover.js';

// npm run handover -- <folder> --dealership <id> [--brand <brand>]
const USAGE = 'usage: npm run handover -- <folder> --dealership <id> [--brand <brand>]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), ['dealership', 'brand']);
    if (args.positional.length !== 1) throw new UsageError('give exactly one folder');
    if (!args.values.dealership) throw new UsageError('--dealership is required');
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const folder = path.resolve(args.positional[0]!);
  const cli = await openCliDatabase();
  try {
    const m = await writeHandover(cli.db, folder, { dealershipId: args.values.dealership!, brand: args.values.brand ?? null });
    process.stdout.write(
      `handover package for ${m.dealership.name ?? m.dealership.id}${m.brand ? ` (${m.brand})` : ''} written to ${folder}\n`,
    );
    for (const f of m.files) process.stdout.write(`  ${f.file.padEnd(22)} ${formatCount(f.rows).padStart(9)} rows  sha256 ${f.sha256}\n`);
    process.stdout.write(`  manifest.json\n`);
    if (m.leftOut.salesWhoseBuyerBelongsToAnotherDealership > 0) {
      process.stderr.write(
        `warning: ${m.leftOut.salesWhoseBuyerBelongsToAnotherDealership} sales left out: their buyer was recorded by another dealership\n`,
      );
    }
    return 0;
  } finally {
    await cli.close();
  }
}

runCli('handover', main, { expected: [HandoverError, ExportFolderError] });
