import type { Driver } from './driver.js';

/** Constraints and indexes, created idempotently at every start. */
export const SCHEMA_STATEMENTS: readonly string[] = [
  'CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE',
];

export async function runMigrations(driver: Driver, database: string | undefined): Promise<void> {
  const session = driver.session({ database });
  try {
    for (const statement of SCHEMA_STATEMENTS) await session.run(statement);
    await session.run('CALL db.awaitIndexes(300)');
  } finally {
    await session.close();
  }
}
