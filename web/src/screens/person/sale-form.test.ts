import { describe, expect, it } from 'vitest';
import { OTHER_MODEL, normaliseVin, parsePrice, toSaleInput, validateSale, type SaleDraft } from './sale-form.js';

const today = '2026-03-10';
const VIN = 'LSGJA52U7CH123456';
function draft(patch: Partial<SaleDraft> = {}): SaleDraft {
  return { vehicleModelId: 'm1', price: '235800', vin: VIN, date: today, ...patch };
}

describe('parsePrice', () => {
  it('reads yuan as written in a showroom', () => {
    expect(parsePrice('235800')).toBe(235800);
    expect(parsePrice('235,800')).toBe(235800);
    expect(parsePrice('¥235，800 元')).toBe(235800);
    expect(parsePrice('23.58万')).toBe(235800);
    expect(parsePrice('23.58 万元')).toBe(235800);
    expect(parsePrice('9.99万')).toBe(99900);
    expect(parsePrice('128000.5')).toBe(128000.5);
  });
  it('refuses what is not a positive amount', () => {
    for (const bad of ['', '0', '0万', '-5', 'abc', '23.58w', '1e6', '23..5', '万']) expect(parsePrice(bad), bad).toBeNull();
  });
});

describe('validateSale', () => {
  it('accepts a complete draft', () => {
    expect(validateSale(draft(), today)).toEqual({});
    expect(validateSale(draft({ vin: ' lsgja52u7ch123456 ', price: '23.58万', date: '2025-12-31' }), today)).toEqual({});
  });
  it('names each missing or wrong field', () => {
    expect(validateSale({ vehicleModelId: '', price: '', vin: '', date: '' }, today)).toEqual({
      vehicleModel: 'sale.error.model',
      price: 'sale.error.price',
      vin: 'sale.error.vin',
      date: 'sale.error.date',
    });
    expect(validateSale(draft({ price: 'abc' }), today)).toEqual({ price: 'sale.error.priceFormat' });
    expect(validateSale(draft({ price: '100000001' }), today)).toEqual({ price: 'sale.error.priceHigh' });
    expect(validateSale(draft({ vin: 'LSGJA52U7CH12345' }), today)).toEqual({ vin: 'sale.error.vinLength' });
    // I, O and Q are not VIN characters
    expect(validateSale(draft({ vin: 'LSGJA52U7CH12345O' }), today)).toEqual({ vin: 'sale.error.vinChars' });
    expect(validateSale(draft({ date: '2026-03-11' }), today)).toEqual({ date: 'sale.error.future' });
  });
});

describe('toSaleInput', () => {
  it('sends yuan, the VIN as stored and the form key; the dealership only for an admin', () => {
    const buyer = { id: 'p1', dealershipId: 'd1' };
    expect(toSaleInput(draft({ price: '23.58万', vin: 'lsgja52u7ch 123456' }), buyer, 'k1', false)).toEqual({
      buyerId: 'p1',
      vehicleModelId: 'm1',
      price: 235800,
      vin: VIN,
      date: today,
      clientMutationId: 'k1',
    });
    expect(toSaleInput(draft(), buyer, 'k1', true).dealershipId).toBe('d1');
    expect(normaliseVin(' ab c ')).toBe('ABC');
    expect(() => toSaleInput(draft({ price: 'x' }), buyer, 'k1', false)).toThrow();
  });
});

describe('a model not in the catalogue', () => {
  it('needs brand and model, and sends them instead of a catalogue id', () => {
    expect(validateSale(draft({ vehicleModelId: OTHER_MODEL }), today)).toEqual({ brand: 'sale.error.brand', model: 'sale.error.modelName' });
    expect(validateSale(draft({ vehicleModelId: OTHER_MODEL, brand: '小米', model: 'x'.repeat(61) }), today)).toEqual({ model: 'sale.error.modelName' });
    const input = toSaleInput(draft({ vehicleModelId: OTHER_MODEL, brand: ' 小米 ', model: ' SU7 Ultra ' }), { id: 'p1', dealershipId: 'd1' }, 'k1', false);
    expect(input).toMatchObject({ brand: '小米', model: 'SU7 Ultra' });
    expect(input).not.toHaveProperty('vehicleModelId');
  });
});
