import type { CombinedError } from '@urql/core';
import type { ReactNode } from 'react';
import { useI18n, type I18n } from '../i18n/i18n.js';

export interface ErrorSummary {
  /** Translated headline. */
  title: string;
  /** What the server said, when it is meant for people (validation messages). */
  detail: string | null;
  requestId: string | null;
  retryable: boolean;
}

/** What a failed request means for the user, in their language. */
export function describeError(error: CombinedError, i18n: I18n): ErrorSummary {
  const first = error.graphQLErrors[0];
  const ext = (first?.extensions ?? {}) as { code?: string; field?: string; requestId?: string };
  const requestId = typeof ext.requestId === 'string' ? ext.requestId : null;
  if (error.networkError && !first) {
    return { title: i18n.t('error.network'), detail: null, requestId, retryable: true };
  }
  switch (ext.code) {
    case 'UNAUTHENTICATED':
      return { title: i18n.t('error.unauthenticated'), detail: null, requestId, retryable: false };
    case 'FORBIDDEN':
      return { title: i18n.t('error.forbidden'), detail: null, requestId, retryable: false };
    case 'NOT_FOUND':
      return { title: i18n.t('error.notFound'), detail: first?.message ?? null, requestId, retryable: false };
    case 'BAD_USER_INPUT':
      return {
        title: ext.field ? i18n.t('error.badInputField', { field: ext.field }) : i18n.t('error.badInput'),
        detail: first?.message ?? null,
        requestId,
        retryable: false,
      };
    case 'CONFLICT':
      return { title: i18n.t('error.conflict'), detail: first?.message ?? null, requestId, retryable: false };
    case 'RATE_LIMITED':
      return { title: i18n.t('error.rateLimited'), detail: null, requestId, retryable: true };
    case 'SERVICE_UNAVAILABLE':
      return { title: i18n.t('error.unavailable'), detail: null, requestId, retryable: true };
    case 'QUERY_TOO_COMPLEX':
      return { title: i18n.t('error.tooComplex'), detail: null, requestId, retryable: false };
    case 'GRAPHQL_VALIDATION_FAILED':
      // the server does not offer this yet (a newer client than API)
      return { title: i18n.t('error.notAvailable'), detail: first?.message ?? null, requestId, retryable: true };
    default:
      return { title: i18n.t('error.server'), detail: null, requestId, retryable: true };
  }
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="status status-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('status.loading')}
    </div>
  );
}

export function ErrorPanel({ error, onRetry }: { error: CombinedError; onRetry?: () => void }) {
  const i18n = useI18n();
  const e = describeError(error, i18n);
  return (
    <div className="status status-error" role="alert">
      <strong>{e.title}</strong>
      {e.detail && <p className="status-detail">{e.detail}</p>}
      {e.requestId && <p className="muted small">{i18n.t('error.requestId', { id: e.requestId })}</p>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {i18n.t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="status status-empty">{children}</p>;
}

/** The three states of a query in one place: error (with retry), loading, or the data. */
export function QueryState<T>({
  result,
  retry,
  children,
}: {
  result: { data?: T; error?: CombinedError; fetching: boolean };
  retry: () => void;
  children: (data: T) => ReactNode;
}) {
  if (result.error && !result.data) return <ErrorPanel error={result.error} onRetry={retry} />;
  if (!result.data) return <Loading />;
  return (
    <>
      {result.error && <ErrorPanel error={result.error} onRetry={retry} />}
      {children(result.data)}
    </>
  );
}

export function Stars({ rating }: { rating: number }) {
  const { t } = useI18n();
  const r = Math.max(0, Math.min(5, Math.round(rating)));
  return (
    <span className="stars" aria-label={t('common.rating', { rating: r })} title={t('common.rating', { rating: r })}>
      {'★'.repeat(r)}
      <span className="stars-off">{'★'.repeat(5 - r)}</span>
    </span>
  );
}
