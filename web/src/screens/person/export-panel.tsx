import { useMutation } from 'urql';
import { graphql } from '../../gql/index.js';
import { todayDay } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { DonePanel, SaveRow } from '../../ui/form-panels.js';
import { ErrorPanel } from '../../ui/status.js';

const ExportPersonalData = graphql(`
  mutation ExportPersonalData($personId: ID!) {
    exportPersonalData(personId: $personId) {
      generatedAt
      generatedBy
      truncated
      person {
        id
        name
        phone
        region
        city
        employer
        notes
        kind
        shareConsent
        contactConsent
        dealershipId
        dealershipName
        createdAt
        updatedAt
      }
      ties {
        kind
        outgoing
        strength
        since
        otherName
      }
      referrals {
        asReferrer
        date
        channel
        otherName
        ledToSale
      }
      visits {
        date
        kind
        role
      }
      purchases {
        date
        brand
        model
        price
        vin
        salesperson
        service {
          date
          kind
          mileage
          notes
        }
      }
      testimonials {
        date
        text
        rating
        status
        consentToPublish
        consentToBeCalled
      }
      followUps {
        dueDate
        status
        outcome
        notes
        doneAt
      }
      interactions {
        date
        kind
        notes
      }
      employers {
        name
        title
      }
      consentHistory {
        at
        by
        operation
        shareConsent
        contactConsent
      }
    }
  }
`);

/** The file handed to the person: the copy as the API gives it, named after them and the day. */
export function copyFileName(name: string, day: string): string {
  const safe = name.trim().replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || 'person';
  return `个人信息副本-${safe}-${day}.json`;
}

function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // the click has started the download by the time the next task runs
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * A copy of everything the store holds about the person, at their request (PIPL art. 45), as a JSON file to hand
 * over. Other customers are named in it only if they agreed to be; the server audits each copy.
 */
export function ExportPanel({ person, onClose }: { person: { id: string; name: string }; onClose(): void }) {
  const { t, num } = useI18n();
  const [result, exportData] = useMutation(ExportPersonalData);
  const copy = result.data?.exportPersonalData;
  const save = (data: NonNullable<typeof copy>) => download(copyFileName(person.name, todayDay()), JSON.stringify(data, null, 2));

  const make = async () => {
    const res = await exportData({ personId: person.id });
    if (res.data) save(res.data.exportPersonalData);
  };

  if (copy) {
    return (
      <DonePanel title={t('exportData.done')} testId="export-done" onClose={onClose}>
        <p className="small">
          {t('exportData.report', {
            ties: num(copy.ties.length),
            purchases: num(copy.purchases.length),
            visits: num(copy.visits.length),
            testimonials: num(copy.testimonials.length),
          })}
        </p>
        <button type="button" className="btn btn-small" onClick={() => save(copy)} data-testid="export-again">
          {t('exportData.again')}
        </button>
      </DonePanel>
    );
  }

  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t('exportData.titleFor', { name: person.name })}</h2>
      <p className="small">{t('exportData.explain')}</p>
      {result.error && <ErrorPanel error={result.error} />}
      <SaveRow label={t('exportData.submit')} busy={result.fetching} onSave={() => void make()} onCancel={onClose} testId="export-submit" />
    </section>
  );
}
