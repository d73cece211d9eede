import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Config } from '../config.js';
import { signPrintTicket, signToken } from '../auth/jwt.js';
import { ROLES, type Role } from '../domain.js';
import { badInput, DomainError, ErrorCode, notFound } from '../errors.js';
import type { Viewer } from '../graphql/context.js';
import { writeAudit } from '../queries/audit.queries.js';
import type { QueryRunner } from '../queries/driver.js';
import { createUserIfAbsent, findUserById, findUserByUsername, updateUser, type UserRow } from '../queries/users.queries.js';
import { requireRole, requireViewer } from './access.js';

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  dealershipId: string | null;
  disabled: boolean;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: Account;
}

const BCRYPT_COST = 10;
// compared against when the user does not exist, so timing does not reveal which usernames are real
const DUMMY_HASH = bcrypt.hashSync('quanzi-no-such-user', BCRYPT_COST);

function toAccount(u: UserRow): Account {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role.toLowerCase() as Role,
    dealershipId: u.dealershipId,
    disabled: u.disabled,
  };
}

function checkRole(role: string): Role {
  const r = role.toLowerCase();
  if (!(ROLES as readonly string[]).includes(r)) throw badInput('role', `role must be one of ${ROLES.join(', ')}`);
  return r as Role;
}

function checkPassword(password: string): void {
  if (password.length < 8 || password.length > 200) throw badInput('password', 'password must be 8 to 200 characters');
}

export interface LoginLimiter {
  check(username: string, ip: string): void;
  recordFailure(username: string, ip: string): void;
  recordSuccess(username: string, ip: string): void;
}

export class AuthService {
  constructor(
    private readonly db: QueryRunner,
    private readonly viewer: Viewer | null,
    private readonly config: Config,
    private readonly limiter?: LoginLimiter,
    private readonly ip = 'unknown',
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const name = username.trim();
    if (name === '' || name.length > 100) throw badInput('username', 'username is required');
    this.limiter?.check(name, this.ip);
    const user = await findUserByUsername(this.db, name);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      this.limiter?.recordFailure(name, this.ip);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Wrong username or password, or the account is disabled');
    }
    this.limiter?.recordSuccess(name, this.ip);
    const account = toAccount(user);
    const ttl = this.config.auth.jwtTtlSeconds;
    const token = await signToken(
      { sub: account.id, username: account.username, role: account.role, dealershipId: account.dealershipId },
      this.config.auth.jwtSecret,
      ttl,
    );
    return { token, expiresAt: new Date(Date.now() + ttl * 1000).toISOString(), user: account };
  }

  /**
   * The path a new browser tab opens to print a board: a ticket for that board and this viewer, valid as long as a
   * sign-in, so a board screen left open still prints. The poster checks the viewer may read the board.
   */
  async boardPrintUrl(boardId: string): Promise<string> {
    const v = requireViewer(this.viewer);
    const ticket = await signPrintTicket(
      { sub: v.userId, username: v.username, role: v.role, dealershipId: v.dealershipId },
      boardId,
      this.config.auth.jwtSecret,
      this.config.auth.jwtTtlSeconds,
    );
    return `/boards/${encodeURIComponent(boardId)}/print?ticket=${encodeURIComponent(ticket)}`;
  }

  async me(): Promise<Account> {
    const viewer = requireViewer(this.viewer);
    const user = await findUserById(this.db, viewer.userId);
    if (!user) throw notFound('User');
    return toAccount(user);
  }

  async createUser(input: {
    username: string;
    password: string;
    displayName: string;
    role: string;
    dealershipId?: string | null | undefined;
  }): Promise<Account> {
    const admin = requireRole(this.viewer, ['admin']);
    const username = input.username.trim();
    if (!/^[\p{L}\p{N}._-]{2,50}$/u.test(username)) {
      throw badInput('username', 'username must be 2-50 letters, digits, dots, dashes or underscores');
    }
    checkPassword(input.password);
    const role = checkRole(input.role);
    const dealershipId = input.dealershipId ?? null;
    if ((role === 'salesperson' || role === 'manager') && !dealershipId) {
      throw badInput('dealershipId', 'salespeople and managers belong to a dealership');
    }
    const id = randomUUID();
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
    const created = await this.db.writeTx(async (tx) => {
      const ok = await createUserIfAbsent(tx, {
        id,
        username,
        displayName: input.displayName.trim() || username,
        role: role.toUpperCase(),
        dealershipId,
        passwordHash,
      });
      if (ok) await writeAudit(tx, admin, 'createUser', 'User', id, { username, role, dealershipId });
      return ok;
    });
    if (!created) throw new DomainError(ErrorCode.CONFLICT, `The username "${username}" is taken`);
    return { id, username, displayName: input.displayName.trim() || username, role, dealershipId, disabled: false };
  }

  async updateUser(
    id: string,
    patch: { displayName?: string | null; role?: string | null; dealershipId?: string | null; disabled?: boolean | null; password?: string | null },
  ): Promise<Account> {
    const admin = requireRole(this.viewer, ['admin']);
    if (patch.password != null) checkPassword(patch.password);
    const role = patch.role != null ? checkRole(patch.role) : undefined;
    if (id === admin.userId && patch.disabled === true) throw badInput('disabled', 'You cannot disable your own account');
    const passwordHash = patch.password != null ? await bcrypt.hash(patch.password, BCRYPT_COST) : undefined;
    const row = await this.db.writeTx(async (tx) => {
      const updated = await updateUser(tx, id, {
        displayName: patch.displayName ?? undefined,
        role: role?.toUpperCase(),
        dealershipId: patch.dealershipId === undefined ? undefined : patch.dealershipId,
        disabled: patch.disabled ?? undefined,
        passwordHash,
      });
      if (updated) {
        await writeAudit(tx, admin, 'updateUser', 'User', id, {
          fields: Object.keys(patch).filter((k) => k !== 'password' && patch[k as keyof typeof patch] != null),
          passwordChanged: patch.password != null,
        });
      }
      return updated;
    });
    if (!row) throw notFound('User');
    return toAccount(row);
  }
}

/** Creates the first admin from QUANZI_ADMIN_USER / QUANZI_ADMIN_PASSWORD when no user has that name. */
export async function ensureAdmin(db: QueryRunner, config: Config): Promise<boolean> {
  // the common case at start-up: nothing to do, so skip the deliberately slow hash
  if (await findUserByUsername(db, config.auth.adminUser)) return false;
  const passwordHash = await bcrypt.hash(config.auth.adminPassword, BCRYPT_COST);
  const id = randomUUID();
  return db.writeTx(async (tx) => {
    const created = await createUserIfAbsent(tx, {
      id,
      username: config.auth.adminUser,
      displayName: '系统管理员',
      role: 'ADMIN',
      dealershipId: null,
      passwordHash,
    });
    if (created) await writeAudit(tx, { userId: 'system', username: 'system' }, 'createUser', 'User', id, { bootstrap: true });
    return created;
  });
}
