import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAppSchema, MERGED_SCHEMA_FILE, printMergedSchema } from '../server/graphql/build-schema.js';

describe('merged schema snapshot', () => {
  it('matches schema/generated/merged.graphql (run `npm run schema:print` after a schema change)', async () => {
    const printed = printMergedSchema(await buildAppSchema({ jwtSecret: 'x'.repeat(32) }));
    expect(printed).toBe(fs.readFileSync(MERGED_SCHEMA_FILE, 'utf8'));
  });

  it('gives analytics types no generated CRUD', async () => {
    const printed = fs.readFileSync(MERGED_SCHEMA_FILE, 'utf8');
    expect(printed).toMatch(/graphStats: GraphStats!/);
    expect(printed).not.toMatch(/createGraphStats|graphStatsConnection|GraphStatsWhere/);
  });
});
