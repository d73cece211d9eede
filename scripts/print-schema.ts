import fs from 'node:fs';
import { buildAppSchema, MERGED_SCHEMA_FILE, printMergedSchema } from '../server/graphql/build-schema.js';

// Writes schema/generated/merged.graphql; a test fails when the committed copy drifts from the code.
const schema = await buildAppSchema({ jwtSecret: 'x'.repeat(32) });
fs.writeFileSync(MERGED_SCHEMA_FILE, printMergedSchema(schema));
process.stdout.write(`wrote ${MERGED_SCHEMA_FILE}\n`);
