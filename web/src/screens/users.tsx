import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ROLES, type Role } from '../auth/roles.js';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { DealershipSelect, useDealerships } from '../ui/dealership-select.js';
import { Empty, ErrorPanel, QueryState } from '../ui/status.js';

const Users = graphql(`
  query Users {
    users(sort: [{ username: ASC }], limit: 200) {
      id
      username
      displayName
      role
      dealershipId
      disabled
    }
  }
`);

const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      username
    }
  }
`);

const UpdateUser = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      disabled
      role
      dealershipId
    }
  }
`);

/** The roles that belong to a store; the others see the whole group. */
const STORE_ROLES: readonly Role[] = ['salesperson', 'manager'];

/** A password to hand over once, from the browser's random source (no I, l, O, 0 to misread). */
export function generatePassword(length = 12): string {
  const chars = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => chars[b % chars.length]).join('');
}

/** Staff accounts, for admins: who may sign in, with which role, for which store. */
export function UsersScreen() {
  const { t } = useI18n();
  const [result, reexecute] = useQuery({ query: Users });
  const stores = useDealerships();
  const storeName = (id: string | null | undefined) => stores.find((d) => d.id === id)?.name ?? id ?? t('users.group');
  const [update, doUpdate] = useMutation(UpdateUser);
  const [resetFor, setResetFor] = useState<{ id: string; password: string } | null>(null);

  return (
    <section className="screen">
      <h1>{t('users.title')}</h1>
      <NewUserForm stores={stores} />
      {update.error && <ErrorPanel error={update.error} />}
      {resetFor && (
        <p className="status status-done" role="status" data-testid="password-reset">
          {t('users.passwordSet', { password: resetFor.password })}
        </p>
      )}
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) =>
          data.users.length === 0 ? (
            <Empty>{t('users.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="users">
                <thead>
                  <tr>
                    <th scope="col">{t('users.username')}</th>
                    <th scope="col">{t('users.displayName')}</th>
                    <th scope="col">{t('users.role')}</th>
                    <th scope="col">{t('common.dealership')}</th>
                    <th scope="col">{t('users.status')}</th>
                    <th scope="col" className="sr-only">
                      {t('users.actions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.users.map((u) => {
                    const role = u.role.toLowerCase() as Role;
                    return (
                      <tr key={u.id} data-user-id={u.id} className={u.disabled ? 'muted' : undefined}>
                        <td className="tabular">{u.username}</td>
                        <td>{u.displayName}</td>
                        <td>{ROLES.includes(role) ? t(`role.${role}`) : u.role}</td>
                        <td>{storeName(u.dealershipId)}</td>
                        <td>{u.disabled ? t('users.disabled') : t('users.active')}</td>
                        <td className="actions">
                          <button
                            type="button"
                            className="btn btn-small"
                            disabled={update.fetching}
                            onClick={() => void doUpdate({ id: u.id, input: { disabled: !u.disabled } })}
                            data-testid="toggle-disabled"
                          >
                            {u.disabled ? t('users.enable') : t('users.disable')}
                          </button>
                          <button
                            type="button"
                            className="btn btn-small btn-quiet"
                            disabled={update.fetching}
                            onClick={async () => {
                              const password = generatePassword();
                              const res = await doUpdate({ id: u.id, input: { password } });
                              setResetFor(res.data ? { id: u.id, password } : null);
                            }}
                            data-testid="reset-password"
                          >
                            {t('users.resetPassword')}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </section>
  );
}

function NewUserForm({ stores }: { stores: { id: string; name: string; city?: string | null }[] }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('salesperson');
  const [store, setStore] = useState('');
  const [password, setPassword] = useState(() => generatePassword());
  const [result, create] = useMutation(CreateUser);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const needsStore = STORE_ROLES.includes(role);
  const storeId = store || stores[0]?.id || '';

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const res = await create({
      input: { username: username.trim(), displayName: displayName.trim(), role, password, ...(needsStore ? { dealershipId: storeId } : {}) },
    });
    if (res.data) {
      setCreated({ username: res.data.createUser.username, password });
      setUsername('');
      setDisplayName('');
      setPassword(generatePassword());
    }
  }

  return (
    <form className="panel user-form" onSubmit={submit}>
      <h2>{t('users.new')}</h2>
      {created && (
        <p className="status status-done" role="status" data-testid="user-created">
          {t('users.created', { username: created.username, password: created.password })}
        </p>
      )}
      <div className="row">
        <label className="field">
          <span>{t('users.username')}</span>
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" required minLength={2} maxLength={50} />
        </label>
        <label className="field">
          <span>{t('users.displayName')}</span>
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" maxLength={100} />
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>{t('users.role')}</span>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {needsStore && <DealershipSelect options={stores} value={storeId} onChange={setStore} />}
        <label className="field">
          <span>{t('users.initialPassword')}</span>
          <input name="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={8} maxLength={200} className="tabular" />
        </label>
      </div>
      <p className="muted small">{t('users.explain')}</p>
      {result.error && <ErrorPanel error={result.error} />}
      <button type="submit" className="btn btn-primary" disabled={result.fetching || username.trim() === '' || (needsStore && !storeId)} data-testid="user-submit">
        {result.fetching ? t('status.saving') : t('users.create')}
      </button>
    </form>
  );
}
