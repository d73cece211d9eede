import { useState } from 'react';
import { useQuery } from 'urql';
import { canWriteRecordOf } from '../../auth/roles.js';
import { useSignedIn } from '../../auth/session.js';
import { graphql } from '../../gql/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { QueryState } from '../../ui/status.js';
import { AddTiePanel } from './add-tie-panel.js';
import { DecisionCirclePanel } from './decision-circle-panel.js';
import { EditPersonPanel } from './edit-person-panel.js';
import { ErasePanel } from './erase-panel.js';
import { ExportPanel } from './export-panel.js';
import { InteractionsPanel } from './interactions-panel.js';
import { KnownContactsPanel } from './known-contacts-panel.js';
import { MergePanel } from './merge-panel.js';
import { NetworkPanel } from './network-panel.js';
import { ProfileCard } from './profile-card.js';
import { PurchasesPanel } from './purchases-panel.js';
import { RecordSalePanel } from './record-sale-panel.js';
import { ReferralChainPanel } from './referral-chain-panel.js';
import { VisitsPanel } from './visits-panel.js';

export const PersonPage = graphql(`
  query PersonPage($id: ID!) {
    people(where: { id: { eq: $id } }, limit: 1) {
      id
      kind
      name
      phone
      city
      region
      employer
      notes
      dealershipId
      erasedAt
      ...ProfileCard_person
      ...PurchasesPanel_person
      ...VisitsPanel_person
      ...InteractionsPanel_person
    }
  }
`);

export function PersonScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const [result, reexecute] = useQuery({ query: PersonPage, variables: { id } });
  // the form open and whose page it is on: another person's page (same screen, new id) starts with none
  const [open, setOpen] = useState<{ id: string; form: 'sale' | 'tie' | 'merge' | 'erase' | 'export' | 'edit' } | null>(null);
  const form = open?.id === id ? open.form : null;
  return (
    <div className="screen person-screen">
      <QueryState result={result} retry={() => reexecute({ requestPolicy: 'network-only' })}>
        {(data) => {
          const person = data.people[0];
          if (!person) {
            return (
              <section className="panel">
                <h1>{t('person.notFound')}</h1>
                <Link to="/search">{t('nav.search')}</Link>
              </section>
            );
          }
          // the store that recorded the person writes to their record (the server checks it again)
          const canWrite = canWriteRecordOf(user, person.dealershipId);
          return (
            <>
              <ProfileCard
                person={person}
                onRecordSale={form === 'sale' ? undefined : () => setOpen({ id, form: 'sale' })}
                onAddTie={form === 'tie' ? undefined : () => setOpen({ id, form: 'tie' })}
                onMerge={form === 'merge' ? undefined : () => setOpen({ id, form: 'merge' })}
                onErase={form === 'erase' ? undefined : () => setOpen({ id, form: 'erase' })}
                onExport={form === 'export' ? undefined : () => setOpen({ id, form: 'export' })}
                onEdit={form === 'edit' ? undefined : () => setOpen({ id, form: 'edit' })}
              />
              {form === 'edit' && <EditPersonPanel person={person} onClose={() => setOpen(null)} />}
              {form === 'sale' && <RecordSalePanel buyer={person} onClose={() => setOpen(null)} />}
              {form === 'tie' && <AddTiePanel person={person} onClose={() => setOpen(null)} />}
              {form === 'merge' && <MergePanel person={person} onClose={() => setOpen(null)} />}
              {form === 'erase' && <ErasePanel person={person} onClose={() => setOpen(null)} />}
              {form === 'export' && <ExportPanel person={person} onClose={() => setOpen(null)} />}
              {person.erasedAt ? (
                // erased on request: no circle, visits or contacts are left to show, only the anonymous purchases
                <>
                  <p className="notice" role="status" data-testid="person-erased">
                    {t('person.erased')}
                  </p>
                  <PurchasesPanel person={person} />
                </>
              ) : (
                <>
                  {/* anyone but a buyer standing in the showroom is a prospect, whatever the record says; a buyer sees it
                      below the purchases, for the repurchase talk */}
                  {person.kind !== 'BUYER' && <KnownContactsPanel prospectId={person.id} />}
                  <NetworkPanel personId={person.id} canEdit={canWrite} />
                  <div className="two-col">
                    <DecisionCirclePanel personId={person.id} />
                    <ReferralChainPanel personId={person.id} canRecord={canWrite} />
                  </div>
                  <div className="two-col">
                    <PurchasesPanel person={person} />
                    <VisitsPanel person={person} />
                  </div>
                  <InteractionsPanel person={person} canLog={canWrite} />
                  {person.kind === 'BUYER' && <KnownContactsPanel prospectId={person.id} />}
                </>
              )}
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
