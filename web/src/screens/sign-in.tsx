import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { normaliseRole } from '../auth/roles.js';
import { useSession } from '../auth/session.js';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { LanguageSwitch } from '../ui/language-switch.js';
import { ErrorPanel } from '../ui/status.js';

const SignIn = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
      user {
        id
        username
        displayName
        role
        dealershipId
      }
    }
  }
`);

export function SignInScreen() {
  const { t } = useI18n();
  const { signIn, endedReason } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState(false);
  const [result, login] = useMutation(SignIn);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!username.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const res = await login({ username: username.trim(), password });
    const payload = res.data?.login;
    if (!payload) return;
    const role = normaliseRole(payload.user.role);
    if (!role) return;
    signIn({
      token: payload.token,
      expiresAt: payload.expiresAt,
      user: { ...payload.user, role, dealershipId: payload.user.dealershipId ?? null },
    });
    window.history.replaceState(null, '', window.location.pathname === '/sign-in' ? '/' : window.location.href);
  }

  return (
    <main className="signin-page">
      <header className="signin-lang">
        <LanguageSwitch />
      </header>
      <form className="signin-card panel" onSubmit={submit} noValidate aria-labelledby="signin-title">
        <div className="signin-brand" aria-hidden="true">
          圈
        </div>
        <h1 id="signin-title">{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.subtitle')}</p>
        {endedReason === 'expired' && (
          <p className="notice" role="status">
            {t('signIn.expired')}
          </p>
        )}
        <label className="field">
          <span>{t('signIn.username')}</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
            required
            aria-invalid={missing && !username.trim()}
          />
        </label>
        <label className="field">
          <span>{t('signIn.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            aria-invalid={missing && !password}
          />
        </label>
        {missing && (
          <p className="field-error" role="alert">
            {t('signIn.missing')}
          </p>
        )}
        {result.error &&
          (result.error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED' || e.extensions?.code === 'BAD_USER_INPUT') ? (
            <p className="field-error" role="alert">
              {t('signIn.failed')}
            </p>
          ) : (
            <ErrorPanel error={result.error} />
          ))}
        <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching}>
          {result.fetching ? t('status.signingIn') : t('action.signIn')}
        </button>
      </form>
    </main>
  );
}
