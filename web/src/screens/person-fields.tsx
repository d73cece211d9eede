import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';
import type { NewPersonDraft, NewPersonErrors } from './new-person-form.js';

/**
 * A person's details as form fields, for the new-customer screen and the edit panel: name and phone, prospect or
 * contact (unless they are a buyer), city, region, employer, then `between` (what the caller adds), then notes.
 */
export function PersonFields({
  draft,
  errors,
  update,
  showKind,
  afterPhone,
  between,
}: {
  draft: NewPersonDraft;
  errors: NewPersonErrors;
  update(patch: Partial<NewPersonDraft>): void;
  showKind: boolean;
  afterPhone?: ReactNode;
  between?: ReactNode;
}) {
  const { t, tEnum } = useI18n();
  const text = (key: 'name' | 'city' | 'region' | 'employer', label: string, extra: Record<string, unknown> = {}) => (
    <label className="field">
      <span>{label}</span>
      <input name={key} value={draft[key]} onChange={(e) => update({ [key]: e.target.value })} aria-invalid={!!errors[key]} {...extra} />
      {errors[key] && <span className="field-error">{t(errors[key]!)}</span>}
    </label>
  );
  return (
    <>
      <div className="row">
        {text('name', t('common.name'), { autoFocus: true, autoComplete: 'off' })}
        <label className="field">
          <span>{t('visit.phoneOptional')}</span>
          <input name="phone" type="tel" inputMode="tel" value={draft.phone} onChange={(e) => update({ phone: e.target.value })} aria-invalid={!!errors.phone} />
          {errors.phone && <span className="field-error">{t(errors.phone)}</span>}
        </label>
      </div>
      {afterPhone}
      {showKind && (
        <div className="field" role="group" aria-label={t('newPerson.kind')}>
          <span>{t('newPerson.kind')}</span>
          <div className="chips">
            {(['PROSPECT', 'CONTACT'] as const).map((k) => (
              <button key={k} type="button" className="chip" aria-pressed={draft.kind === k} onClick={() => update({ kind: k })} data-kind={k}>
                {tEnum('kind', k)}
              </button>
            ))}
          </div>
        </div>
      )}
      <div className="row">
        {text('city', t('newPerson.city'))}
        {text('region', t('common.region'))}
        {text('employer', t('newPerson.employer'))}
      </div>
      {between}
      <label className="field">
        <span>{t('person.notes')}</span>
        <textarea name="notes" rows={2} value={draft.notes} onChange={(e) => update({ notes: e.target.value })} aria-invalid={!!errors.notes} />
        {errors.notes && <span className="field-error">{t(errors.notes)}</span>}
      </label>
    </>
  );
}
