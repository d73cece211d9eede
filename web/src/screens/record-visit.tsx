import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql/index.js';
import type { TieKind, VisitInput } from '../gql/graphql.js';
import { todayDay } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { Link, navigate, useLocation } from '../router.js';
import { PersonPicker } from '../ui/person-picker.js';
import { ErrorPanel } from '../ui/status.js';
import { useCheckedDraft } from '../ui/use-checked-draft.js';
import { tieColor } from '../graph/build-graph.js';
import {
  COMPANION_ROLES,
  MAX_COMPANIONS,
  newCompanion,
  tieNames,
  toVisitInput,
  validateVisit,
  type CompanionDraft,
  type VisitDraft,
  type VisitErrors,
} from './visit-form.js';

const ProspectName = graphql(`
  query ProspectName($id: ID!) {
    people(where: { id: { eq: $id } }, limit: 1) {
      id
      name
    }
  }
`);

const RecordVisit = graphql(`
  mutation RecordVisit($input: VisitInput!) {
    recordVisit(input: $input) {
      id
      date
      kind
      prospectId
      companions {
        personId
        role
        created
      }
      proposedTies {
        fromId
        toId
        kind
        strength
        confirmed
        created
      }
    }
  }
`);

const ConfirmTie = graphql(`
  mutation ConfirmTie($input: TieInput!) {
    updateTie(input: $input) {
      fromId
      toId
      kind
      strength
      confirmed
    }
  }
`);

function emptyDraft(): VisitDraft {
  return { prospectId: null, prospectName: '', date: todayDay(), kind: 'SHOWROOM', companions: [newCompanion()], notes: '' };
}

export function RecordVisitScreen() {
  // a new key starts a fresh form and a fresh mutation state for the next visit
  const [round, setRound] = useState(0);
  return <RecordVisitForm key={round} onAnother={() => setRound((r) => r + 1)} />;
}

function RecordVisitForm({ onAnother }: { onAnother(): void }) {
  const { t, tEnum, day } = useI18n();
  const { query } = useLocation();
  const prospectParam = query.get('prospect');
  const { draft, errors, update, check, set: setDraft } = useCheckedDraft<VisitDraft, VisitErrors>(emptyDraft, (d) => validateVisit(d, todayDay()));
  const [result, record] = useMutation(RecordVisit);
  const [prefill] = useQuery({ query: ProspectName, variables: { id: prospectParam ?? '' }, pause: !prospectParam });

  useEffect(() => {
    const p = prefill.data?.people[0];
    if (p) setDraft((d) => (d.prospectId ? d : { ...d, prospectId: p.id, prospectName: p.name }));
  }, [prefill.data]);

  function updateCompanion(i: number, patch: Partial<CompanionDraft>): void {
    update({ companions: draft.companions.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  }

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!check('.visit-form')) return;
    await record({ input: toVisitInput(draft) as VisitInput });
  }

  const saved = result.data?.recordVisit;
  if (saved) {
    const names = tieNames(draft, saved.companions);
    return (
      <section className="screen">
        <div className="panel" data-testid="visit-saved">
          <h1>{t('visit.saved')}</h1>
          <p>
            {draft.prospectName} · {tEnum('visitKind', saved.kind)} · {day(saved.date)}
          </p>
          <h2>{t('visit.proposedTies')}</h2>
          <p className="muted small">{t('visit.proposedExplain')}</p>
          {saved.proposedTies.length === 0 ? (
            <p className="muted">{t('visit.noTies')}</p>
          ) : (
            <ul className="stack" data-testid="proposed-ties">
              {saved.proposedTies.map((tie) => (
                <ProposedTieCard key={`${tie.fromId}-${tie.toId}-${tie.kind}`} tie={tie} names={names} />
              ))}
            </ul>
          )}
          <div className="card-actions">
            <Link className="btn btn-primary" to={`/people/${encodeURIComponent(saved.prospectId)}`}>
              {t('visit.openProspect')}
            </Link>
            <button
              type="button"
              className="btn"
              onClick={() => {
                navigate('/visits/new', { replace: true });
                onAnother();
              }}
            >
              {t('visit.another')}
            </button>
          </div>
        </div>
      </section>
    );
  }

  return (
    <section className="screen">
      <h1>{t('visit.title')}</h1>
      <form className="panel visit-form" onSubmit={submit} noValidate>
        <PersonPicker
          label={t('visit.prospect')}
          value={draft.prospectId ? { id: draft.prospectId, name: draft.prospectName } : null}
          onPick={(p) => update({ prospectId: p?.id ?? null, prospectName: p?.name ?? '' })}
          invalid={!!errors.prospect}
          testId="prospect-picker"
        />
        {errors.prospect && <p className="field-error">{t(errors.prospect)}</p>}
        {!draft.prospectId && (
          <p className="muted small">
            {t('visit.newProspect')}{' '}
            <Link to="/people/new" data-testid="visit-new-person">
              {t('visit.newProspectLink')}
            </Link>
          </p>
        )}

        <div className="row">
          <label className="field">
            <span>{t('common.date')}</span>
            <input type="date" value={draft.date} max={todayDay()} onChange={(e) => update({ date: e.target.value })} aria-invalid={!!errors.date} />
            {errors.date && <span className="field-error">{t(errors.date)}</span>}
          </label>
          <div className="field" role="group" aria-label={t('visit.kind')}>
            <span>{t('visit.kind')}</span>
            <div className="chips">
              {(['SHOWROOM', 'TEST_DRIVE'] as const).map((k) => (
                <button key={k} type="button" className="chip" aria-pressed={draft.kind === k} onClick={() => update({ kind: k })}>
                  {tEnum('visitKind', k)}
                </button>
              ))}
            </div>
          </div>
        </div>

        <h2>{t('visit.companions')}</h2>
        {draft.companions.length === 0 && <p className="muted">{t('visit.alone')}</p>}
        <ol className="companions">
          {draft.companions.map((c, i) => (
            <li key={c.key} className="companion card" data-testid={`companion-${i}`}>
              <div className="companion-head">
                <span className="muted">{t('visit.companionN', { n: i + 1 })}</span>
                <div className="chips" role="group" aria-label={t('visit.companionMode')}>
                  <button type="button" className="chip" aria-pressed={c.mode === 'existing'} onClick={() => updateCompanion(i, { mode: 'existing' })}>
                    {t('visit.existing')}
                  </button>
                  <button type="button" className="chip" aria-pressed={c.mode === 'new'} onClick={() => updateCompanion(i, { mode: 'new' })} data-testid="mode-new">
                    {t('visit.newPerson')}
                  </button>
                </div>
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  onClick={() => update({ companions: draft.companions.filter((_, j) => j !== i) })}
                  aria-label={t('visit.removeN', { n: i + 1 })}
                >
                  ✕
                </button>
              </div>
              {c.mode === 'existing' ? (
                <>
                  <PersonPicker
                    label={t('visit.who')}
                    value={c.personId ? { id: c.personId, name: c.personName } : null}
                    onPick={(p) => updateCompanion(i, { personId: p?.id ?? null, personName: p?.name ?? '' })}
                    invalid={!!errors[`companions.${i}.person`]}
                  />
                  {errors[`companions.${i}.person`] && <p className="field-error">{t(errors[`companions.${i}.person`]!)}</p>}
                </>
              ) : (
                <div className="row">
                  <label className="field">
                    <span>{t('visit.name')}</span>
                    <input value={c.name} onChange={(e) => updateCompanion(i, { name: e.target.value })} aria-invalid={!!errors[`companions.${i}.name`]} name={`companion-${i}-name`} />
                    {errors[`companions.${i}.name`] && <span className="field-error">{t(errors[`companions.${i}.name`]!)}</span>}
                  </label>
                  <label className="field">
                    <span>{t('visit.phoneOptional')}</span>
                    <input type="tel" inputMode="tel" value={c.phone} onChange={(e) => updateCompanion(i, { phone: e.target.value })} aria-invalid={!!errors[`companions.${i}.phone`]} name={`companion-${i}-phone`} />
                    {errors[`companions.${i}.phone`] && <span className="field-error">{t(errors[`companions.${i}.phone`]!)}</span>}
                  </label>
                </div>
              )}
              <div className="field" role="group" aria-label={t('visit.role')}>
                <span>{t('visit.role')}</span>
                <div className="chips">
                  {COMPANION_ROLES.map((r) => (
                    <button key={r} type="button" className="chip" aria-pressed={c.role === r} onClick={() => updateCompanion(i, { role: r })} data-role={r}>
                      {tEnum('role.companion', r)}
                    </button>
                  ))}
                </div>
                {errors[`companions.${i}.role`] && <span className="field-error">{t(errors[`companions.${i}.role`]!)}</span>}
              </div>
            </li>
          ))}
        </ol>
        {draft.companions.length < MAX_COMPANIONS && (
          <button type="button" className="btn" onClick={() => update({ companions: [...draft.companions, newCompanion()] })} data-testid="add-companion">
            + {t('visit.addCompanion')}
          </button>
        )}

        <label className="field">
          <span>{t('person.notes')}</span>
          <textarea rows={2} value={draft.notes} onChange={(e) => update({ notes: e.target.value })} />
          {errors.notes && <span className="field-error">{t(errors.notes)}</span>}
        </label>

        {Object.keys(errors).length > 0 && (
          <p className="field-error" role="alert">
            {t('form.fixErrors')}
          </p>
        )}
        {result.error && <ErrorPanel error={result.error} />}
        <button type="submit" className="btn btn-primary btn-block" disabled={result.fetching}>
          {result.fetching ? t('status.saving') : t('visit.save')}
        </button>
      </form>
    </section>
  );
}

function ProposedTieCard({
  tie,
  names,
}: {
  tie: { fromId: string; toId: string; kind: TieKind; strength: number; confirmed: boolean; created: boolean };
  names: ReadonlyMap<string, string>;
}) {
  const { t, tEnum, num } = useI18n();
  const [confirm, doConfirm] = useMutation(ConfirmTie);
  const confirmed = confirm.data?.updateTie.confirmed ?? tie.confirmed;
  return (
    <li className="card tie-card" data-testid="proposed-tie">
      <Link to={`/people/${encodeURIComponent(tie.fromId)}`}>{names.get(tie.fromId) ?? t('common.person')}</Link>
      <span className="tie-kind" style={{ borderColor: tieColor(tie.kind) }}>
        {tEnum('tie', tie.kind)}
      </span>
      <Link to={`/people/${encodeURIComponent(tie.toId)}`}>{names.get(tie.toId) ?? t('common.person')}</Link>
      <span className="muted small tabular">{t('visit.strength', { strength: num(tie.strength, 2) })}</span>
      {!tie.created && <span className="muted small">{t('visit.tieExisted')}</span>}
      {confirmed ? (
        <span className="badge badge-buyer">{t('visit.confirmed')}</span>
      ) : (
        <button
          type="button"
          className="btn btn-small"
          disabled={confirm.fetching}
          onClick={() => void doConfirm({ input: { fromId: tie.fromId, toId: tie.toId, kind: tie.kind, strength: tie.strength, confirmed: true, source: 'VISIT' } })}
        >
          {t('visit.confirm')}
        </button>
      )}
      {confirm.error && <ErrorPanel error={confirm.error} />}
    </li>
  );
}
