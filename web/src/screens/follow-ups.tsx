import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.js';
import { todayDay } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { HelpTasksPanel } from './help-tasks.js';
import { Link } from '../router.js';
import { telHref } from './person/profile-card.js';
import { Empty, ErrorPanel, QueryState } from '../ui/status.js';
import { displayPhone } from '../ui/phone.js';
import {
  HELP_KINDS,
  OUTCOMES,
  dayAfter,
  emptyCall,
  endOfWeek,
  sortFollowUps,
  toCompleteVars,
  validateCall,
  type CallDraft,
  type CallErrors,
} from './follow-up-form.js';

const MyFollowUps = graphql(`
  query MyFollowUps($status: FollowUpStatus, $dueBefore: String) {
    myFollowUps(status: $status, dueBefore: $dueBefore, first: 100) {
      id
      dueDate
      status
      overdue
      daysOverdue
      attempts
      saleId
      saleDate
      brand
      model
      buyerId
      buyerName
      buyerPhone
      buyerContactConsent
    }
  }
`);

const CompleteFollowUp = graphql(`
  mutation CompleteFollowUp(
    $id: ID!
    $outcome: CallOutcome!
    $thanksGiven: Boolean
    $needsHelp: [HelpKind!]
    $helpNotes: String
    $feedback: String
    $rating: Int
    $publishConsent: Boolean
    $callConsent: Boolean
  ) {
    completeFollowUp(
      id: $id
      outcome: $outcome
      thanksGiven: $thanksGiven
      needsHelp: $needsHelp
      helpNotes: $helpNotes
      feedback: $feedback
      rating: $rating
      publishConsent: $publishConsent
      callConsent: $callConsent
    ) {
      followUp {
        id
        status
        outcome
        doneAt
        attempts
      }
      testimonialId
      tasks {
        id
        kind
      }
    }
  }
`);

export function FollowUpsScreen() {
  const { t, tEnum, day } = useI18n();
  const today = todayDay();
  const [scope, setScope] = useState<'week' | 'all'>('week');
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<string[]>([]);
  const [result, reexecute] = useQuery({
    query: MyFollowUps,
    variables: { status: 'OPEN', dueBefore: scope === 'week' ? dayAfter(endOfWeek(today)) : null },
  });

  return (
    <section className="screen">
      <div className="panel-head">
        <h1>{t('followUps.title')}</h1>
        <div className="chips" role="group" aria-label={t('followUps.scope')}>
          <button type="button" className="chip" aria-pressed={scope === 'week'} onClick={() => setScope('week')}>
            {t('followUps.thisWeek')}
          </button>
          <button type="button" className="chip" aria-pressed={scope === 'all'} onClick={() => setScope('all')}>
            {t('followUps.allOpen')}
          </button>
        </div>
      </div>
      <p className="muted">{t('followUps.explain')}</p>
      {done.length > 0 && (
        <p className="notice" role="status" data-testid="followup-done">
          {t('followUps.doneCount', { count: done.length })}
        </p>
      )}
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          const items = sortFollowUps(data.myFollowUps, today);
          if (items.length === 0) return <Empty>{t('followUps.none')}</Empty>;
          return (
            <ul className="stack">
              {items.map((f) => {
                const overdue = f.overdue ?? f.dueDate < today;
                const tel = f.buyerContactConsent === false ? null : telHref(f.buyerPhone);
                return (
                  <li key={f.id} className={`card ${overdue ? 'card-overdue' : ''}`} data-followup-id={f.id}>
                    <div className="card-head">
                      {f.buyerId ? (
                        <Link to={`/people/${encodeURIComponent(f.buyerId)}`}>
                          <strong>{f.buyerName ?? t('common.person')}</strong>
                        </Link>
                      ) : (
                        <strong>{f.buyerName ?? t('common.person')}</strong>
                      )}
                      <span>{[f.brand, f.model].filter(Boolean).join(' ')}</span>
                      <span className={`badge ${overdue ? 'badge-overdue' : ''}`}>
                        {overdue ? t('followUps.overdue', { date: day(f.dueDate) }) : t('followUps.due', { date: day(f.dueDate) })}
                      </span>
                      <span className="muted small">
                        {t('followUps.sold', { date: day(f.saleDate) })} · {tEnum('followUpStatus', f.status)}
                        {f.attempts > 0 && ` · ${t('followUps.attempts', { count: f.attempts })}`}
                      </span>
                    </div>
                    <div className="card-actions">
                      {tel && (
                        <a className="btn" href={tel}>
                          {t('action.call')} {displayPhone(f.buyerPhone)}
                        </a>
                      )}
                      {open !== f.id && (
                        <button type="button" className="btn btn-primary" onClick={() => setOpen(f.id)} data-testid="complete-open">
                          {t('followUps.complete')}
                        </button>
                      )}
                    </div>
                    {open === f.id && (
                      <CallForm
                        id={f.id}
                        onCancel={() => setOpen(null)}
                        onDone={(closed) => {
                          setOpen(null);
                          if (closed) setDone((d) => [...d, f.id]);
                        }}
                      />
                    )}
                  </li>
                );
              })}
            </ul>
          );
        }}
      </QueryState>
      <HelpTasksPanel />
    </section>
  );
}

function CallForm({ id, onCancel, onDone }: { id: string; onCancel(): void; onDone(closed: boolean): void }) {
  const { t } = useI18n();
  const [d, setD] = useState<CallDraft>(emptyCall);
  const [errors, setErrors] = useState<CallErrors>({});
  const [result, complete] = useMutation(CompleteFollowUp);
  const reached = d.outcome === 'REACHED';

  function set(patch: Partial<CallDraft>): void {
    setD((cur) => ({ ...cur, ...patch }));
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const errs = validateCall(d);
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    const res = await complete(toCompleteVars(id, d));
    const f = res.data?.completeFollowUp.followUp;
    if (f) onDone(f.status !== 'OPEN');
  }

  return (
    <form className="call-form" onSubmit={submit} noValidate aria-label={t('followUps.complete')}>
      <label className="field">
        <span>{t('followUps.outcome')}</span>
        <select value={d.outcome} onChange={(e) => set({ outcome: e.target.value as CallDraft['outcome'] })} name="outcome">
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`followUps.outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      {reached && (
        <>
          <fieldset className="call-part">
            <legend>1. {t('followUps.part.thanks')}</legend>
            <label className="check">
              <input type="checkbox" checked={d.thanked} onChange={(e) => set({ thanked: e.target.checked })} name="thanked" />
              {t('followUps.thanked')}
            </label>
            {errors.thanked && <p className="field-error">{t(errors.thanked)}</p>}
          </fieldset>
          <fieldset className="call-part">
            <legend>2. {t('followUps.part.help')}</legend>
            <div className="chips">
              {HELP_KINDS.map((h) => (
                <label key={h} className="check">
                  <input
                    type="checkbox"
                    checked={d.help.includes(h)}
                    onChange={(e) => set({ help: e.target.checked ? [...d.help, h] : d.help.filter((x) => x !== h) })}
                  />
                  {t(`followUps.help.${h}`)}
                </label>
              ))}
            </div>
            <label className="field">
              <span>{t('followUps.helpNotes')}</span>
              <input value={d.helpNotes} onChange={(e) => set({ helpNotes: e.target.value })} name="helpNotes" aria-invalid={!!errors.helpNotes} />
            </label>
            {errors.helpNotes && <p className="field-error">{t(errors.helpNotes)}</p>}
          </fieldset>
          <fieldset className="call-part">
            <legend>3. {t('followUps.part.feedback')}</legend>
            <label className="field">
              <span>{t('followUps.feedback')}</span>
              <textarea rows={3} value={d.feedback} onChange={(e) => set({ feedback: e.target.value })} name="feedback" aria-invalid={!!errors.feedback} />
            </label>
            {errors.feedback && <p className="field-error">{t(errors.feedback)}</p>}
            <div className="field" role="group" aria-label={t('followUps.rating')}>
              <span>{t('followUps.rating')}</span>
              <div className="chips">
                {[1, 2, 3, 4, 5].map((r) => (
                  <button key={r} type="button" className="chip" aria-pressed={d.rating === r} onClick={() => set({ rating: r })} data-rating={r}>
                    {'★'.repeat(r)}
                  </button>
                ))}
              </div>
            </div>
            {errors.rating && <p className="field-error">{t(errors.rating)}</p>}
            <label className="check">
              <input type="checkbox" checked={d.publishConsent} onChange={(e) => set({ publishConsent: e.target.checked })} name="publishConsent" />
              {t('followUps.publishConsent')}
            </label>
            <label className="check">
              <input type="checkbox" checked={d.callConsent} onChange={(e) => set({ callConsent: e.target.checked })} name="callConsent" />
              {t('followUps.callConsent')}
            </label>
          </fieldset>
        </>
      )}
      {errors.consent && <p className="field-error">{t(errors.consent)}</p>}
      {result.error && <ErrorPanel error={result.error} />}
      <div className="card-actions">
        <button type="submit" className="btn btn-primary" disabled={result.fetching} data-testid="complete-submit">
          {result.fetching ? t('status.saving') : t('followUps.save')}
        </button>
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
