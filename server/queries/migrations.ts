import { batchTxConfigOf, createQueryRunner, type Driver, type QueryRunner } from './driver.js';

/**
 * On every person who has written a testimonial (kept when it is withdrawn: a superset). The traversals' "ties to
 * testimonial authors" check it before looking for a usable testimonial, which on a person without the label
 * would walk their whole relationship chain. Set wherever a WROTE is created, and at every start for the rest.
 */
export const AUTHOR_LABEL = 'TestimonialAuthor';

const LABEL_AUTHORS = `MATCH (a:Person)-[:WROTE]->(:Testimonial) WHERE NOT a:${AUTHOR_LABEL} SET a:${AUTHOR_LABEL}`;

/** Labels authors written around the API; also run by every influence recompute, so such data heals itself. */
export async function labelTestimonialAuthors(db: QueryRunner): Promise<void> {
  await db.writeBatch(LABEL_AUTHORS);
}

const ID_LABELS = [
  'Person',
  'Organization',
  'Dealership',
  'User',
  'VehicleModel',
  'Sale',
  'ServiceRecord',
  'Visit',
  'Testimonial',
  'FollowUp',
  'Interaction',
  'AuditEntry',
  'Board',
  'BoardEntry',
  'Task',
] as const;

/** Waits until every index is online (at most 5 minutes): after the migrations, and after a restore. */
export async function awaitIndexes(db: QueryRunner): Promise<void> {
  await db.writeBatch('CALL db.awaitIndexes(300)');
}

/** Constraints and indexes, created idempotently at every start. */
export const SCHEMA_STATEMENTS: readonly string[] = [
  ...ID_LABELS.map((l) => `CREATE CONSTRAINT ${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${l}) REQUIRE n.id IS UNIQUE`),
  'CREATE CONSTRAINT user_username IF NOT EXISTS FOR (u:User) REQUIRE u.username IS UNIQUE',
  'CREATE CONSTRAINT sale_vin IF NOT EXISTS FOR (s:Sale) REQUIRE s.vin IS UNIQUE',
  'CREATE INDEX person_phone IF NOT EXISTS FOR (p:Person) ON (p.phone)',
  'CREATE TEXT INDEX person_phone_text IF NOT EXISTS FOR (p:Person) ON (p.phone)',
  'CREATE INDEX person_dealership IF NOT EXISTS FOR (p:Person) ON (p.dealershipId)',
  'CREATE INDEX person_influence IF NOT EXISTS FOR (p:Person) ON (p.influence)',
  'CREATE INDEX person_external IF NOT EXISTS FOR (p:Person) ON (p.externalId)',
  'CREATE INDEX sale_date IF NOT EXISTS FOR (s:Sale) ON (s.date)',
  'CREATE INDEX sale_dealership IF NOT EXISTS FOR (s:Sale) ON (s.dealershipId)',
  'CREATE INDEX testimonial_status IF NOT EXISTS FOR (t:Testimonial) ON (t.status, t.date)',
  'CREATE INDEX followup_status IF NOT EXISTS FOR (f:FollowUp) ON (f.status, f.dueDate)',
  'CREATE INDEX audit_target IF NOT EXISTS FOR (a:AuditEntry) ON (a.targetId)',
  'CREATE INDEX audit_at IF NOT EXISTS FOR (a:AuditEntry) ON (a.at)',
  'CREATE INDEX followup_assignee IF NOT EXISTS FOR (f:FollowUp) ON (f.assigneeId)',
  'CREATE INDEX sale_client_mutation IF NOT EXISTS FOR (s:Sale) ON (s.clientMutationId)',
  // the search screen's visits of the last days: without it every visit of the group is read (0.4 s on large)
  'CREATE INDEX visit_date IF NOT EXISTS FOR (v:Visit) ON (v.date)',
  // the CJK analyzer indexes Chinese names as bigrams, so 张伟 matches 张伟 and 伟 alone does not flood results
  "CREATE FULLTEXT INDEX person_search IF NOT EXISTS FOR (p:Person) ON EACH [p.name, p.phone] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
];

export async function runMigrations(driver: Driver, database: string | undefined): Promise<void> {
  const session = driver.session({ database });
  // schema builds are batch work: after an offline import of a million people they take longer than a request may
  const batch = batchTxConfigOf(driver);
  try {
    for (const statement of SCHEMA_STATEMENTS) {
      for (let attempt = 1; ; attempt++) {
        try {
          await session.run(statement, {}, batch);
          break;
        } catch (err) {
          const text = `${(err as { code?: string }).code} ${(err as Error).message}`;
          // several processes migrating at once race on IF NOT EXISTS: the loser sees "already exists" or a deadlock
          if (/AlreadyExists|already exists/i.test(text)) break;
          if (/Deadlock|Transient/i.test(text) && attempt < 5) {
            await new Promise((r) => setTimeout(r, 100 * attempt));
            continue;
          }
          throw err;
        }
      }
    }
  } finally {
    await session.close();
  }
  const db = createQueryRunner(driver, database);
  await awaitIndexes(db);
  // the label every write of a WROTE sets (see AUTHOR_LABEL); this catches data written around the API, such as
  // the offline import's store or Cypher run by hand: one scan of the WROTE relationships
  await labelTestimonialAuthors(db);
}
