import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql/index.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, useLocation } from '../router.js';
import { Empty, QueryState } from '../ui/status.js';
import { AUDIT_OPERATIONS, AUDIT_PAGE, auditWhere, detailsText, type AuditFilter } from './audit-filter.js';

const AuditLog = graphql(`
  query AuditLog($where: AuditEntryWhere, $limit: Int!, $offset: Int!) {
    auditEntries(where: $where, sort: [{ at: DESC }, { id: ASC }], limit: $limit, offset: $offset) {
      id
      at
      username
      operation
      targetType
      targetId
      details
    }
  }
`);

/**
 * Who did what, when: for admins, to answer a customer or a regulator (who changed this consent, who made a copy of
 * this person's data, who erased them), newest first, 50 at a time.
 */
export function AuditLogScreen() {
  const { t, tEnum, moment } = useI18n();
  const { query } = useLocation();
  const [draft, setDraft] = useState<AuditFilter>({ operation: '', username: '', targetId: query.get('target') ?? '' });
  const [filter, setFilter] = useState<AuditFilter>(draft);
  const [offset, setOffset] = useState(0);
  // one more than a page tells whether older entries exist
  const [result, reexecute] = useQuery({ query: AuditLog, variables: { where: auditWhere(filter), limit: AUDIT_PAGE + 1, offset } });

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
    setOffset(0);
  };

  return (
    <div className="stack">
      <h1>{t('audit.title')}</h1>
      <p className="muted">{t('audit.explain')}</p>
      <form className="panel filters" onSubmit={apply} aria-label={t('audit.filters')}>
        <label className="field">
          <span>{t('audit.operation')}</span>
          <select name="operation" value={draft.operation} onChange={(e) => setDraft({ ...draft, operation: e.target.value })}>
            <option value="">{t('audit.allOperations')}</option>
            <option value="personalData">{t('audit.personalData')}</option>
            {AUDIT_OPERATIONS.map((op) => (
              <option key={op} value={op}>
                {tEnum('audit.op', op)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.username')}</span>
          <input name="username" value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} autoComplete="off" />
        </label>
        <label className="field">
          <span>{t('audit.target')}</span>
          <input name="targetId" value={draft.targetId} onChange={(e) => setDraft({ ...draft, targetId: e.target.value })} autoComplete="off" />
        </label>
        <div className="row">
          <button type="submit" className="btn btn-primary" data-testid="audit-apply">
            {t('audit.apply')}
          </button>
        </div>
      </form>
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          const rows = data.auditEntries.slice(0, AUDIT_PAGE);
          const older = data.auditEntries.length > AUDIT_PAGE;
          if (rows.length === 0) return <Empty>{t('audit.none')}</Empty>;
          return (
            <section className="stack" aria-label={t('audit.title')}>
              <div className="table-wrap">
              <table className="table audit-table" data-testid="audit-log">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.username')}</th>
                    <th scope="col">{t('audit.operation')}</th>
                    <th scope="col">{t('audit.target')}</th>
                    <th scope="col">{t('audit.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((a) => (
                    <tr key={a.id} data-operation={a.operation} data-target-id={a.targetId}>
                      <td>{moment(a.at)}</td>
                      <td>{a.username ?? '—'}</td>
                      <td>{tEnum('audit.op', a.operation)}</td>
                      <td>
                        {a.targetType === 'Person' ? (
                          <Link to={`/people/${encodeURIComponent(a.targetId)}`}>{t('audit.person')}</Link>
                        ) : (
                          tEnum('audit.type', a.targetType)
                        )}{' '}
                        <code className="small muted">{a.targetId}</code>
                      </td>
                      <td className="small" title={a.details ?? undefined}>
                        {detailsText(a.details)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
              <div className="row">
                <button type="button" className="btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE))}>
                  {t('audit.newer')}
                </button>
                <button type="button" className="btn" disabled={!older} onClick={() => setOffset(offset + AUDIT_PAGE)} data-testid="audit-older">
                  {t('audit.older')}
                </button>
              </div>
            </section>
          );
        }}
      </QueryState>
    </div>
  );
}
