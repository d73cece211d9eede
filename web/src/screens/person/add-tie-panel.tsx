import { type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { PersonPicker } from '../../ui/person-picker.js';
import { ErrorPanel } from '../../ui/status.js';
import { useCheckedDraft } from '../../ui/use-checked-draft.js';
import { CLOSENESS, RELATIONS, emptyTie, toTieInput, validateTie, type Closeness, type TieDraft, type TieErrors } from './tie-form.js';
import { SaveRow } from '../../ui/form-panels.js';

const AddTie = graphql(`
  mutation AddTie($input: TieInput!) {
    addTie(input: $input) {
      fromId
      toId
      kind
      strength
      created
    }
  }
`);

export function AddTiePanel({ person, onClose }: { person: { id: string; name: string }; onClose(): void }) {
  const { t, num } = useI18n();
  const { draft, errors, update, check, reset } = useCheckedDraft<TieDraft, TieErrors>(emptyTie, (d) => validateTie(d, person.id));
  const [result, add] = useMutation(AddTie);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!check('.tie-form')) return;
    const res = await add({ input: toTieInput(draft, person.id) });
    // ready for the next one: the answer stays on screen above the cleared form
    if (res.data) reset(emptyTie());
  }

  const added = result.data?.addTie;
  return (
    <section className="panel" aria-labelledby="tie-title">
      <h2 id="tie-title">{t('tie.addFor', { name: person.name })}</h2>
      {added && (
        <p className="status status-done" role="status" data-testid="tie-added">
          {t(added.created ? 'tie.added' : 'tie.existed', { strength: num(added.strength, 1) })}
        </p>
      )}
      <form className="tie-form" onSubmit={submit} noValidate>
        <PersonPicker
          label={t('tie.other')}
          value={draft.otherId ? { id: draft.otherId, name: draft.otherName } : null}
          onPick={(p) => update({ otherId: p?.id ?? null, otherName: p?.name ?? '' })}
          invalid={!!errors.other}
          testId="tie-other"
        />
        {errors.other && <p className="field-error">{t(errors.other)}</p>}
        <div className="field" role="group" aria-label={t('tie.relation')}>
          <span>{t('tie.relation')}</span>
          <div className="chips">
            {RELATIONS.map((r) => (
              <button key={r} type="button" className="chip" aria-pressed={draft.relation === r} onClick={() => update({ relation: r })} data-relation={r}>
                {t(`tie.relation.${r}`, { other: draft.otherName || t('tie.theOther'), name: person.name })}
              </button>
            ))}
          </div>
          {errors.relation && <span className="field-error">{t(errors.relation)}</span>}
        </div>
        <div className="field" role="group" aria-label={t('tie.closeness')}>
          <span>{t('tie.closeness')}</span>
          <div className="chips">
            {(Object.keys(CLOSENESS) as Closeness[]).map((c) => (
              <button key={c} type="button" className="chip" aria-pressed={draft.closeness === c} onClick={() => update({ closeness: c })} data-closeness={c}>
                {t(`tie.closeness.${c}`)}
              </button>
            ))}
          </div>
        </div>
        {result.error && <ErrorPanel error={result.error} />}
        <SaveRow label={t('tie.save')} busy={result.fetching} onCancel={onClose} cancelLabel={added ? t('sale.done') : undefined} testId="tie-submit" />
      </form>
    </section>
  );
}
