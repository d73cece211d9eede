import { graphql, getFragmentData, type FragmentType } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { Empty } from '../../ui/status.js';
import { LogInteractionForm } from './log-interaction-form.js';

export const InteractionsPanelFragment = graphql(`
  fragment InteractionsPanel_person on Person {
    id
    interactions(sort: [{ date: DESC }], limit: 10) {
      id
      date
      kind
      notes
    }
  }
`);

/**
 * The store's contacts with the customer, newest first, and a quick log of one. The radar's relationship health
 * counts them (docs/routines.md), so a call that is not logged is a relationship the manager cannot see.
 */
export function InteractionsPanel({ person: ref, canLog }: { person: FragmentType<typeof InteractionsPanelFragment>; canLog: boolean }) {
  const p = getFragmentData(InteractionsPanelFragment, ref);
  const { t, tEnum, day } = useI18n();
  return (
    <section className="panel" aria-labelledby="interactions-title">
      <h2 id="interactions-title">{t('interaction.title')}</h2>
      {p.interactions.length === 0 ? (
        <Empty>{t('interaction.none')}</Empty>
      ) : (
        <ul className="stack" data-testid="interactions">
          {p.interactions.map((i) => (
            <li key={i.id} className="small" data-interaction-id={i.id}>
              <span className="tabular">{day(i.date)}</span> · <strong>{tEnum('interaction', i.kind)}</strong>
              {i.notes ? <span className="muted"> · {i.notes}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {canLog && <LogInteractionForm personId={p.id} />}
    </section>
  );
}
