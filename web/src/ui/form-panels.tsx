import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/**
 * A form's last row: the save button (the form's submit, or `onSave` for a button outside a form's submit, e.g. a
 * destructive step) showing "saving" while busy, and a quiet cancel.
 */
export function SaveRow({
  label,
  busy,
  disabled = false,
  onSave,
  onCancel,
  cancelLabel,
  danger = false,
  testId,
}: {
  label: string;
  busy: boolean;
  disabled?: boolean;
  onSave?: () => void;
  onCancel: () => void;
  cancelLabel?: string;
  danger?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="row">
      <button
        type={onSave ? 'button' : 'submit'}
        className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
        disabled={busy || disabled}
        onClick={onSave}
        data-testid={testId}
      >
        {busy ? t('status.saving') : label}
      </button>
      <button type="button" className="btn btn-quiet" onClick={onCancel}>
        {cancelLabel ?? t('action.cancel')}
      </button>
    </div>
  );
}

/** What a finished action did, in a panel that closes with 完成. */
export function DonePanel({ title, testId, onClose, children }: { title: string; testId: string; onClose: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {children}
      <button type="button" className="btn" onClick={onClose}>
        {t('sale.done')}
      </button>
    </section>
  );
}
