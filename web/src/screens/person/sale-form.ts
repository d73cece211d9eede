import type { MessageKey } from '../../i18n/i18n.js';

// The record-a-sale form as data: validated here (so the rules are unit-tested) and turned into the `recordSale`
// input. The server validates again; this saves a round trip while the customer waits at the desk.

export interface SaleDraft {
  /** A catalogue model, or OTHER_MODEL when the model is typed (a new model not in the catalogue yet). */
  vehicleModelId: string;
  /** With OTHER_MODEL: brand and model as typed; the server files them as a catalogue model. */
  brand?: string;
  model?: string;
  /** As typed: "235800", "235,800", "23.58万" or "23.58 万元". */
  price: string;
  vin: string;
  date: string;
}

export type SaleErrors = Partial<Record<'vehicleModel' | 'brand' | 'model' | 'price' | 'vin' | 'date', MessageKey>>;

/** The model list's last choice: a model not in the catalogue, typed as brand and model. */
export const OTHER_MODEL = '__other__';

/** The server's ceiling (server/services/routines/sales.service.ts). */
export const MAX_PRICE = 100_000_000;

/** Yuan from what a salesperson types; 万 (ten thousand) is how prices are said in a Chinese showroom. */
export function parsePrice(raw: string): number | null {
  const s = raw.replace(/[\s,，¥￥]/g, '').replace(/元$/, '');
  const m = /^(\d+(?:\.\d+)?)(万)?$/.exec(s);
  if (!m) return null;
  // whole fen: 23.58万 is 235800, not 235799.99999999997
  const yuan = Math.round(Number(m[1]) * (m[2] ? 10_000 : 1) * 100) / 100;
  return yuan > 0 ? yuan : null;
}

/** Upper case without spaces; I, O and Q never appear in a VIN (ISO 3779), so they are left for the check to refuse. */
export function normaliseVin(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;

export function validateSale(d: SaleDraft, today: string): SaleErrors {
  const errors: SaleErrors = {};
  if (!d.vehicleModelId) errors.vehicleModel = 'sale.error.model';
  else if (d.vehicleModelId === OTHER_MODEL) {
    const brand = (d.brand ?? '').trim();
    const model = (d.model ?? '').trim();
    if (brand === '' || brand.length > 60) errors.brand = 'sale.error.brand';
    if (model === '' || model.length > 60) errors.model = 'sale.error.modelName';
  }
  const price = parsePrice(d.price);
  if (d.price.trim() === '') errors.price = 'sale.error.price';
  else if (price === null) errors.price = 'sale.error.priceFormat';
  else if (price > MAX_PRICE) errors.price = 'sale.error.priceHigh';
  const vin = normaliseVin(d.vin);
  if (vin === '') errors.vin = 'sale.error.vin';
  else if (vin.length !== 17) errors.vin = 'sale.error.vinLength';
  else if (!VIN_RE.test(vin)) errors.vin = 'sale.error.vinChars';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) errors.date = 'sale.error.date';
  else if (d.date > today) errors.date = 'sale.error.future';
  return errors;
}

export interface SaleInputShape {
  buyerId: string;
  vehicleModelId?: string;
  brand?: string;
  model?: string;
  price: number;
  vin: string;
  date: string;
  clientMutationId: string;
  dealershipId?: string;
}

/**
 * The mutation input of a valid draft. `clientMutationId` stays the same for one form, so pressing save again
 * after a lost answer returns the sale already recorded instead of a VIN conflict. `dealershipId` is sent for
 * admins, who belong to no store: the buyer's.
 */
export function toSaleInput(d: SaleDraft, buyer: { id: string; dealershipId: string | null }, clientMutationId: string, asAdmin: boolean): SaleInputShape {
  const price = parsePrice(d.price);
  if (price === null || !d.vehicleModelId) throw new Error('draft is not valid');
  const other = d.vehicleModelId === OTHER_MODEL;
  return {
    buyerId: buyer.id,
    ...(other ? { brand: (d.brand ?? '').trim(), model: (d.model ?? '').trim() } : { vehicleModelId: d.vehicleModelId }),
    price,
    vin: normaliseVin(d.vin),
    date: d.date,
    clientMutationId,
    ...(asAdmin && buyer.dealershipId ? { dealershipId: buyer.dealershipId } : {}),
  };
}
