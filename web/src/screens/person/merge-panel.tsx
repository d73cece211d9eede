import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { PersonPicker, type Picked } from '../../ui/person-picker.js';
import { ErrorPanel } from '../../ui/status.js';
import { DonePanel, SaveRow } from '../../ui/form-panels.js';

const MergePeople = graphql(`
  mutation MergePeople($keepId: ID!, $dropId: ID!) {
    mergePeople(keepId: $keepId, dropId: $dropId) {
      keptId
      droppedId
      fieldsFilled
      consentNarrowed
      selfTiesDropped
      moved {
        type
        count
      }
    }
  }
`);

/** What moved, in the salesperson's words; a relationship type not listed here is shown as stored. */
const MOVED_LABELS: Record<string, MessageKey> = {
  FAMILY: 'tie.FAMILY',
  FRIEND: 'tie.FRIEND',
  COLLEAGUE: 'tie.COLLEAGUE',
  BUSINESS_PARTNER: 'tie.BUSINESS_PARTNER',
  ADVISES: 'tie.ADVISES',
  DRIVES_FOR: 'tie.DRIVES_FOR',
  BOUGHT: 'merge.type.BOUGHT',
  MADE_VISIT: 'merge.type.MADE_VISIT',
  ACCOMPANIED: 'merge.type.ACCOMPANIED',
  HAD: 'merge.type.HAD',
  WROTE: 'merge.type.WROTE',
  REFERRED: 'merge.type.REFERRED',
  WORKS_AT: 'merge.type.WORKS_AT',
};

/** Joins a duplicate into this record: everything of the duplicate moves here, then it is gone. Not undoable. */
export function MergePanel({ person, onClose }: { person: { id: string; name: string }; onClose(): void }) {
  const { t, num } = useI18n();
  const [duplicate, setDuplicate] = useState<Picked | null>(null);
  const [checked, setChecked] = useState(false);
  const [result, merge] = useMutation(MergePeople);
  const report = result.data?.mergePeople;
  const self = duplicate?.id === person.id;

  if (report) {
    const moved = report.moved.filter((m) => m.count > 0);
    return (
      <DonePanel title={t('merge.done', { name: person.name })} testId="merge-done" onClose={onClose}>
        <ul className="small">
          <li>{moved.length > 0 ? t('merge.moved', { list: moved.map((m) => `${MOVED_LABELS[m.type] ? t(MOVED_LABELS[m.type]!) : m.type} ${num(m.count)}`).join('、') }) : t('merge.nothingMoved')}</li>
          {report.fieldsFilled.length > 0 && <li>{t('merge.filled', { list: report.fieldsFilled.join('、') })}</li>}
          {report.consentNarrowed.length > 0 && <li>{t('merge.narrowed', { list: report.consentNarrowed.join('、') })}</li>}
        </ul>
      </DonePanel>
    );
  }

  return (
    <section className="panel" aria-labelledby="merge-title">
      <h2 id="merge-title">{t('merge.titleFor', { name: person.name })}</h2>
      <p className="muted small">{t('merge.explain')}</p>
      <PersonPicker label={t('merge.duplicate')} value={duplicate} onPick={(p) => {
          setDuplicate(p);
          setChecked(false);
        }} invalid={self} testId="merge-duplicate" />
      {self && <p className="field-error">{t('merge.error.self')}</p>}
      {duplicate && !self && (
        <label className="check">
          <input type="checkbox" name="mergeConfirm" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
          {t('merge.confirm', { dup: duplicate.name, name: person.name })}
        </label>
      )}
      {result.error && <ErrorPanel error={result.error} />}
      <SaveRow
        label={t('merge.submit')}
        busy={result.fetching}
        disabled={!duplicate || self || !checked}
        onSave={() => duplicate && void merge({ keepId: person.id, dropId: duplicate.id })}
        onCancel={onClose}
        danger
        testId="merge-submit"
      />
    </section>
  );
}
