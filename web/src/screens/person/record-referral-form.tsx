import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { todayDay } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { PersonPicker, type Picked } from '../../ui/person-picker.js';
import { ErrorPanel } from '../../ui/status.js';
import { SaveRow } from '../../ui/form-panels.js';

export const RecordReferral = graphql(`
  mutation RecordReferral($referrerId: ID!, $refereeId: ID!, $date: String, $channel: String) {
    recordReferral(referrerId: $referrerId, refereeId: $refereeId, date: $date, channel: $channel) {
      referrerId
      refereeId
      date
      channel
      saleId
      created
    }
  }
`);

/** How the referral reached the customer; stored as said, so the chain reads "介绍于 … · 微信". */
export const REFERRAL_CHANNELS = ['当面', '微信', '电话'] as const;

/** Who brought this customer: the referrer, when and how. The chain redraws once it is saved. */
export function RecordReferralForm({ refereeId, onDone }: { refereeId: string; onDone(): void }) {
  const { t } = useI18n();
  const [referrer, setReferrer] = useState<Picked | null>(null);
  const [date, setDate] = useState(todayDay);
  const [channel, setChannel] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [result, record] = useMutation(RecordReferral);
  const error = !referrer ? 'referral.error.referrer' : referrer.id === refereeId ? 'referral.error.self' : date === '' || date > todayDay() ? 'referral.error.date' : null;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setTried(true);
    if (error || !referrer) return;
    const res = await record({ referrerId: referrer.id, refereeId, date, channel });
    if (res.data) onDone();
  }

  return (
    <form className="referral-form" onSubmit={submit} noValidate>
      <PersonPicker label={t('referral.referrer')} value={referrer} onPick={setReferrer} invalid={tried && !referrer} testId="referrer-picker" />
      <div className="row">
        <label className="field">
          <span>{t('referral.date')}</span>
          <input type="date" name="referralDate" value={date} max={todayDay()} onChange={(e) => setDate(e.target.value)} />
        </label>
        <div className="field" role="group" aria-label={t('referral.channel')}>
          <span>{t('referral.channel')}</span>
          <div className="chips">
            {REFERRAL_CHANNELS.map((c) => (
              <button key={c} type="button" className="chip" aria-pressed={channel === c} onClick={() => setChannel(channel === c ? null : c)}>
                {t(`referral.channel.${c}`)}
              </button>
            ))}
          </div>
        </div>
      </div>
      {tried && error && <p className="field-error">{t(error)}</p>}
      {result.error && <ErrorPanel error={result.error} />}
      <SaveRow label={t('referral.save')} busy={result.fetching} onCancel={onDone} testId="referral-submit" />
    </form>
  );
}
