import path from 'node:path';
import { BackupError, backupDatabase } from '../server/backup/backup.js';
import { openCliDatabase, parseArgs, UsageError, runCli } from '../server/data/cli-support.js';
import { ExportFolderError } from '../server/data/export.js';

// npm run backup -- <folder>   (works while the service runs; see docs/security.md)
const USAGE = 'usage: npm run backup -- <folder>';

async function main(): Promise<number> {
  let folder: string;
  try {
    const args = parseArgs(process.argv.slice(2), []);
    if (args.positional.length !== 1) throw new UsageError('give exactly one folder (new or empty)');
    folder = path.resolve(args.positional[0]!);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const cli = await openCliDatabase();
  const t0 = Date.now();
  try {
    process.stderr.write(`backing up ${cli.where} to ${folder}\n`);
    const m = await backupDatabase(cli.db, folder, {
      onProgress: (line) => process.stderr.write(`${line}  (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`),
    });
    for (const w of m.warnings) process.stderr.write(`warning: ${w}\n`);
    const nodes = Object.values(m.contents.nodes).reduce((a, b) => a + b, 0);
    const rels = Object.values(m.contents.relationships).reduce((a, b) => a + b, 0);
    const bytes = Object.values(m.files).reduce((a, f) => a + f.bytes, 0);
    process.stdout.write(
      `backed up ${nodes.toLocaleString('en-US')} nodes and ${rels.toLocaleString('en-US')} relationships ` +
        `(${(bytes / 1e6).toFixed(1)} MB) in ${(m.ms / 1000).toFixed(1)} s to ${folder}\n`,
    );
    for (const [k, n] of Object.entries(m.contents.nodes)) process.stdout.write(`  ${k.padEnd(24)} ${n.toLocaleString('en-US').padStart(11)}\n`);
    return 0;
  } finally {
    await cli.close();
  }
}

runCli('backup', main, { expected: [BackupError, ExportFolderError] });
