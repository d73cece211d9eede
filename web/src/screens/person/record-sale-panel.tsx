import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { useSignedIn } from '../../auth/session.js';
import { graphql } from '../../gql/index.js';
import { todayDay } from '../../i18n/format.js';
import { useI18n } from '../../i18n/i18n.js';
import { Link } from '../../router.js';
import { ErrorPanel, QueryState } from '../../ui/status.js';
import { useCheckedDraft } from '../../ui/use-checked-draft.js';
import { OTHER_MODEL, parsePrice, toSaleInput, validateSale, type SaleDraft, type SaleErrors } from './sale-form.js';
import { DonePanel, SaveRow } from '../../ui/form-panels.js';

const SaleModels = graphql(`
  query SaleModels {
    vehicleModels(sort: [{ brand: ASC }, { model: ASC }], limit: 200) {
      id
      brand
      model
      basePrice
    }
  }
`);

const StoreSellers = graphql(`
  query StoreSellers($dealershipId: String!) {
    users(where: { disabled: { eq: false }, dealershipId: { eq: $dealershipId }, role: { in: [SALESPERSON, MANAGER] } }, sort: [{ displayName: ASC }], limit: 200) {
      id
      displayName
      role
      dealershipId
    }
  }
`);

const RecordSale = graphql(`
  mutation RecordSale($input: SaleInput!) {
    recordSale(input: $input) {
      created
      sale {
        id
        date
        price
        vin
        brand
        model
      }
      followUp {
        id
        dueDate
      }
      referrerId
    }
  }
`);

/** A key for one form's sale; crypto.randomUUID needs HTTPS, which a showroom tablet on the LAN may not have. */
function formKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `sale-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function RecordSalePanel({ buyer, onClose }: { buyer: { id: string; name: string; dealershipId: string | null }; onClose(): void }) {
  const { t, money, day } = useI18n();
  const { user } = useSignedIn();
  const [models, reexecuteModels] = useQuery({ query: SaleModels });
  // a manager may record a colleague's sale (the call then goes to the colleague); a salesperson records their own
  const [sellers] = useQuery({
    query: StoreSellers,
    variables: { dealershipId: buyer.dealershipId ?? '' },
    pause: (user.role !== 'manager' && user.role !== 'admin') || !buyer.dealershipId,
  });
  const colleagues = sellers.data?.users ?? [];
  const [seller, setSeller] = useState('');
  const { draft, errors, update, check } = useCheckedDraft<SaleDraft, SaleErrors>(
    () => ({ vehicleModelId: '', price: '', vin: '', date: todayDay() }),
    (d) => validateSale(d, todayDay()),
  );
  const [result, record] = useMutation(RecordSale);
  // one key per form: saving again after a lost answer returns this sale instead of a VIN conflict
  const key = useMemo(formKey, []);
  const price = parsePrice(draft.price);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!check('.sale-form')) return;
    const input = toSaleInput(draft, buyer, key, user.role === 'admin');
    await record({ input: seller ? { ...input, salespersonId: seller } : input });
  }

  const saved = result.data?.recordSale;
  if (saved) {
    const s = saved.sale;
    return (
      <DonePanel title={t(saved.created ? 'sale.saved' : 'sale.savedBefore')} testId="sale-saved" onClose={onClose}>
        <p>
          <strong>{[s.brand, s.model].filter(Boolean).join(' ')}</strong> · <span className="tabular">{money(s.price)}</span> ·{' '}
          {day(s.date)} · <span className="tabular">VIN {s.vin}</span>
        </p>
        {saved.followUp && (
          <p data-testid="sale-follow-up">
            {t('sale.followUpDue', { date: day(saved.followUp.dueDate) })}{' '}
            <Link to="/follow-ups">{t('nav.followUps')}</Link>
          </p>
        )}
        {saved.referrerId && (
          <p className="muted small" data-testid="sale-referral">
            {t('sale.referralCredited')}
          </p>
        )}
      </DonePanel>
    );
  }

  return (
    <section className="panel" aria-labelledby="sale-title">
      <h2 id="sale-title">{t('sale.titleFor', { name: buyer.name })}</h2>
      <QueryState result={models} retry={() => reexecuteModels({ requestPolicy: 'network-only' })}>
        {(data) => (
          <form className="sale-form" onSubmit={submit} noValidate>
            <div className="row">
              <label className="field">
                <span>{t('sale.model')}</span>
                <select
                  name="vehicleModel"
                  value={draft.vehicleModelId}
                  onChange={(e) => {
                    const m = data.vehicleModels.find((x) => x.id === e.target.value);
                    // the guide price is where the talk starts; a typed price is never overwritten
                    update({ vehicleModelId: e.target.value, ...(draft.price === '' && m?.basePrice ? { price: String(m.basePrice) } : {}) });
                  }}
                  aria-invalid={!!errors.vehicleModel}
                >
                  <option value="">{t('sale.pickModel')}</option>
                  {[...new Set(data.vehicleModels.map((m) => m.brand))].map((brand) => (
                    <optgroup key={brand} label={brand}>
                      {data.vehicleModels
                        .filter((m) => m.brand === brand)
                        .map((m) => (
                          <option key={m.id} value={m.id}>
                            {m.brand} {m.model}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                  <option value={OTHER_MODEL}>{t('sale.otherModel')}</option>
                </select>
                {errors.vehicleModel && <span className="field-error">{t(errors.vehicleModel)}</span>}
              </label>
              {draft.vehicleModelId === OTHER_MODEL && (
                <>
                  <label className="field">
                    <span>{t('sale.brand')}</span>
                    <input name="brand" value={draft.brand ?? ''} onChange={(e) => update({ brand: e.target.value })} aria-invalid={!!errors.brand} maxLength={60} />
                    {errors.brand && <span className="field-error">{t(errors.brand)}</span>}
                  </label>
                  <label className="field">
                    <span>{t('sale.modelName')}</span>
                    <input name="modelName" value={draft.model ?? ''} onChange={(e) => update({ model: e.target.value })} aria-invalid={!!errors.model} maxLength={60} />
                    {errors.model && <span className="field-error">{t(errors.model)}</span>}
                  </label>
                </>
              )}
              <label className="field">
                <span>{t('sale.price')}</span>
                <input name="price" inputMode="decimal" value={draft.price} onChange={(e) => update({ price: e.target.value })} aria-invalid={!!errors.price} placeholder={t('sale.pricePlaceholder')} />
                {price !== null && !errors.price && <span className="muted small tabular" data-testid="sale-price-read">{money(price)}</span>}
                {errors.price && <span className="field-error">{t(errors.price)}</span>}
              </label>
            </div>
            <div className="row">
              <label className="field">
                <span>{t('sale.vin')}</span>
                <input
                  name="vin"
                  value={draft.vin}
                  onChange={(e) => update({ vin: e.target.value })}
                  aria-invalid={!!errors.vin}
                  autoCapitalize="characters"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={24}
                  className="tabular"
                />
                {errors.vin && <span className="field-error">{t(errors.vin)}</span>}
              </label>
              <label className="field">
                <span>{t('sale.date')}</span>
                <input type="date" name="saleDate" value={draft.date} max={todayDay()} onChange={(e) => update({ date: e.target.value })} aria-invalid={!!errors.date} />
                {errors.date && <span className="field-error">{t(errors.date)}</span>}
              </label>
            </div>
            {colleagues.length > 0 && (
              <label className="field">
                <span>{t('sale.seller')}</span>
                <select name="salesperson" value={seller} onChange={(e) => setSeller(e.target.value)}>
                  <option value="">{user.role === 'admin' ? t('sale.sellerPick') : t('sale.sellerMe')}</option>
                  {colleagues
                    .filter((u) => u.id !== user.id)
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.displayName}
                      </option>
                    ))}
                </select>
              </label>
            )}
            <p className="muted small">{t('sale.explain')}</p>
            {Object.keys(errors).length > 0 && (
              <p className="field-error" role="alert">
                {t('form.fixErrors')}
              </p>
            )}
            {result.error && <ErrorPanel error={result.error} />}
            <SaveRow label={t('sale.save')} busy={result.fetching} onCancel={onClose} testId="sale-submit" />
          </form>
        )}
      </QueryState>
    </section>
  );
}
