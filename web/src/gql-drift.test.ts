import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The committed typed documents (web/src/gql) must be what `npm run codegen` makes from today's schema and
// today's components: regenerate into a temporary folder and compare file by file.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const committed = path.join(root, 'web/src/gql');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quanzi-codegen-'));

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('generated GraphQL client code', () => {
  it('is up to date with schema/generated/merged.graphql and the components (run `npm run codegen`)', () => {
    execFileSync(process.execPath, [path.join(root, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'web/codegen.ts', '--silent'], {
      cwd: root,
      env: { ...process.env, QUANZI_CODEGEN_OUT: `${tmp}/` },
      stdio: 'pipe',
    });
    const fresh = fs.readdirSync(tmp).sort();
    expect(fresh.length).toBeGreaterThan(0);
    expect(fs.readdirSync(committed).sort()).toEqual(fresh);
    for (const file of fresh) {
      const want = fs.readFileSync(path.join(tmp, file), 'utf8');
      const have = fs.readFileSync(path.join(committed, file), 'utf8');
      expect(have, `web/src/gql/${file} is stale: run npm run codegen`).toBe(want);
    }
  }, 120_000);
});
