import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createApiClient } from './api/client.js';
import { SCREEN_PATHS, canSee, screensFor, type Screen } from './auth/roles.js';
import { SessionProvider, useSession, useSignedIn } from './auth/session.js';
import { I18nProvider, useI18n, type MessageKey } from './i18n/i18n.js';
import { LanguageSwitch } from './ui/language-switch.js';
import { Link, Redirect, matchRoute, navigate, useLocation } from './router.js';
import { AnalysisScreen } from './screens/analysis.js';
import { AuditLogScreen } from './screens/audit-log.js';
import { BoardScreen } from './screens/board.js';
import { DataImportScreen } from './screens/data-import.js';
import { FollowUpsScreen } from './screens/follow-ups.js';
import { InfluencersScreen } from './screens/influencers.js';
import { NewPersonScreen } from './screens/new-person.js';
import { PersonScreen } from './screens/person/person-screen.js';
import { RadarScreen } from './screens/radar.js';
import { RecordVisitScreen } from './screens/record-visit.js';
import { ReferralsScreen } from './screens/referrals.js';
import { SearchScreen } from './screens/search.js';
import { SignInScreen } from './screens/sign-in.js';
import { UsersScreen } from './screens/users.js';

const NAV_LABELS: Record<Screen, MessageKey> = {
  search: 'nav.search',
  visit: 'nav.visit',
  followUps: 'nav.followUps',
  influencers: 'nav.influencers',
  referrals: 'nav.referrals',
  board: 'nav.board',
  analysis: 'nav.analysis',
  radar: 'nav.radar',
  users: 'nav.users',
  import: 'nav.import',
  audit: 'nav.audit',
};

function ApiProvider({ children }: { children: ReactNode }) {
  const { session, signOut } = useSession();
  const token = session?.token ?? null;
  const client = useMemo(() => createApiClient(token, () => signOut('expired')), [token, signOut]);
  return <Provider value={client}>{children}</Provider>;
}

interface Route {
  pattern: string;
  screen: Screen | null;
  render(params: Record<string, string>): ReactNode;
}

const ROUTES: Route[] = [
  { pattern: '/search', screen: 'search', render: () => <SearchScreen /> },
  // before /people/:id, which would take "new" for an id
  { pattern: '/people/new', screen: 'search', render: () => <NewPersonScreen /> },
  { pattern: '/people/:id', screen: 'search', render: (p) => <PersonScreen id={p.id!} /> },
  { pattern: '/visits/new', screen: 'visit', render: () => <RecordVisitScreen /> },
  { pattern: '/follow-ups', screen: 'followUps', render: () => <FollowUpsScreen /> },
  { pattern: '/influencers', screen: 'influencers', render: () => <InfluencersScreen /> },
  { pattern: '/referrals', screen: 'referrals', render: () => <ReferralsScreen /> },
  { pattern: '/board', screen: 'board', render: () => <BoardScreen /> },
  { pattern: '/analysis', screen: 'analysis', render: () => <AnalysisScreen /> },
  { pattern: '/radar', screen: 'radar', render: () => <RadarScreen /> },
  { pattern: '/users', screen: 'users', render: () => <UsersScreen /> },
  { pattern: '/import', screen: 'import', render: () => <DataImportScreen /> },
  { pattern: '/audit', screen: 'audit', render: () => <AuditLogScreen /> },
];

function Routes() {
  const { path } = useLocation();
  const { user } = useSignedIn();
  const { t } = useI18n();
  const home = SCREEN_PATHS[screensFor(user.role)[0] ?? 'search'];
  if (path === '/' || path === '/sign-in') return <Redirect to={home} />;
  for (const route of ROUTES) {
    const params = matchRoute(route.pattern, path);
    if (!params) continue;
    if (route.screen && !canSee(user.role, route.screen)) {
      return (
        <section className="panel">
          <h1>{t('error.forbidden')}</h1>
          <Link to={home}>{t('action.home')}</Link>
        </section>
      );
    }
    return <>{route.render(params)}</>;
  }
  return (
    <section className="panel">
      <h1>{t('error.pageNotFound')}</h1>
      <Link to={home}>{t('action.home')}</Link>
    </section>
  );
}

function Shell() {
  const { user } = useSignedIn();
  const { signOut } = useSession();
  const { t, tEnum } = useI18n();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  // move focus to the new screen so keyboard and screen-reader users start at its top
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
  }, [path]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('a11y.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label={t('app.title')}>
          <span className="brand-mark" aria-hidden="true">
            圈
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <nav className="nav" aria-label={t('nav.label')}>
          {screensFor(user.role).map((screen) => {
            const to = SCREEN_PATHS[screen];
            const current = path === to || (screen === 'search' && path.startsWith('/people/'));
            return (
              <Link key={screen} to={to} className="nav-link" aria-current={current ? 'page' : undefined} data-screen={screen}>
                {t(NAV_LABELS[screen])}
              </Link>
            );
          })}
        </nav>
        <div className="topbar-end">
          <LanguageSwitch />
          <span className="user" title={user.username}>
            {user.displayName} · {tEnum('role', user.role)}
          </span>
          <button
            type="button"
            className="btn btn-quiet"
            title={`${user.displayName} (${user.username})`}
            onClick={() => {
              signOut();
              navigate('/sign-in', { replace: true });
            }}
          >
            {t('action.signOut')}
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main">
        <Routes />
      </main>
    </div>
  );
}

function Gate() {
  const { session } = useSession();
  return session ? <Shell /> : <SignInScreen />;
}

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <ApiProvider>
          <Gate />
        </ApiProvider>
      </SessionProvider>
    </I18nProvider>
  );
}
