import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeSchemas } from '@graphql-tools/schema';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import type { Driver } from '../queries/driver.js';
import { analyticsResolvers } from '../analytics/index.js';
import { authChecker } from './auth-checker.js';
import { personFieldResolvers } from './person-fields.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCHEMA_DIR = path.join(ROOT, 'schema');
export const MERGED_SCHEMA_FILE = path.join(SCHEMA_DIR, 'generated', 'merged.graphql');

/** The SDL files that @neo4j/graphql turns into CRUD, one per area. */
export function readTypeDefs(): string {
  return fs
    .readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => `# ${f}\n${fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8')}`)
    .join('\n');
}

export interface BuildSchemaOptions {
  driver?: Driver;
  jwtSecret: string;
}

/** One executable schema: generated CRUD from schema/*.graphql merged with the code-first analytics. */
export async function buildAppSchema(opts: BuildSchemaOptions): Promise<GraphQLSchema> {
  const neo = new Neo4jGraphQL({
    typeDefs: readTypeDefs(),
    resolvers: personFieldResolvers,
    ...(opts.driver ? { driver: opts.driver } : {}),
    features: {
      authorization: { key: opts.jwtSecret },
      excludeDeprecatedFields: {
        mutationOperations: true,
        aggregationFilters: true,
        aggregationFiltersOutsideConnection: true,
        relationshipFilters: true,
        attributeFilters: true,
      },
    },
  });
  const crud = await neo.getSchema();
  const analytics = await buildSchema({ resolvers: analyticsResolvers, validate: false, authChecker, authMode: 'error' });
  return mergeSchemas({ schemas: [crud, analytics] });
}

export function printMergedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
