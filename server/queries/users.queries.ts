import type { QueryRunner, TxRunner } from './driver.js';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: string;
  dealershipId: string | null;
  disabled: boolean;
  passwordHash: string;
  createdAt: string;
}

const USER_FIELDS = `u.id AS id, u.username AS username, u.displayName AS displayName, u.role AS role,
  u.dealershipId AS dealershipId, coalesce(u.disabled, false) AS disabled, u.passwordHash AS passwordHash,
  u.createdAt AS createdAt`;

export async function findUserByUsername(db: QueryRunner, username: string): Promise<UserRow | null> {
  const rows = await db.read<UserRow>(`MATCH (u:User {username: $username}) RETURN ${USER_FIELDS}`, { username });
  return rows[0] ?? null;
}

/** The accounts of these usernames that exist, by username, in one round trip. */
export function findUsersByUsernames(db: QueryRunner, usernames: string[]): Promise<UserRow[]> {
  return db.read<UserRow>(`MATCH (u:User) WHERE u.username IN $usernames RETURN ${USER_FIELDS} ORDER BY u.username`, { usernames });
}

export async function findUserById(db: QueryRunner, id: string): Promise<UserRow | null> {
  const rows = await db.read<UserRow>(`MATCH (u:User {id: $id}) RETURN ${USER_FIELDS}`, { id });
  return rows[0] ?? null;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  dealershipId: string | null;
  passwordHash: string;
}

/** Creates the user unless the username is taken; returns whether it was created. */
export async function createUserIfAbsent(tx: TxRunner, u: NewUser): Promise<boolean> {
  const rows = await tx.run<{ created: boolean }>(
    `MERGE (x:User {username: $username})
     ON CREATE SET x.id = $id, x.displayName = $displayName, x.role = $role, x.dealershipId = $dealershipId,
                   x.passwordHash = $passwordHash, x.disabled = false, x.createdAt = datetime(), x._new = true
     WITH x, coalesce(x._new, false) AS created
     REMOVE x._new
     RETURN created`,
    { ...u },
  );
  return rows[0]?.created ?? false;
}

export interface UserPatch {
  displayName?: string | undefined;
  role?: string | undefined;
  dealershipId?: string | null | undefined;
  disabled?: boolean | undefined;
  passwordHash?: string | undefined;
}

export async function updateUser(tx: TxRunner, id: string, patch: UserPatch): Promise<UserRow | null> {
  const rows = await tx.run<UserRow>(
    `MATCH (u:User {id: $id})
     SET u.displayName = coalesce($p.displayName, u.displayName),
         u.role = coalesce($p.role, u.role),
         u.dealershipId = CASE WHEN $setDealership THEN $p.dealershipId ELSE u.dealershipId END,
         u.disabled = coalesce($p.disabled, u.disabled),
         u.passwordHash = coalesce($p.passwordHash, u.passwordHash),
         u.updatedAt = datetime()
     RETURN ${USER_FIELDS}`,
    { id, p: patch, setDealership: patch.dealershipId !== undefined },
  );
  return rows[0] ?? null;
}

export async function listUserStatus(db: QueryRunner, id: string): Promise<{ disabled: boolean } | null> {
  const rows = await db.read<{ disabled: boolean }>('MATCH (u:User {id: $id}) RETURN coalesce(u.disabled, false) AS disabled', {
    id,
  });
  return rows[0] ?? null;
}
