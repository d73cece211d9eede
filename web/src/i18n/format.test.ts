import { describe, expect, it } from 'vitest';
import { formatDay, formatMoment, formatMoney, formatMonth, formatNumber, formatPercent, interpolate, isoWeek, todayDay } from './format.js';

describe('money', () => {
  it('shows yuan with ¥ in both languages, grouped, without fen for car prices', () => {
    expect(formatMoney(268000, 'zh-CN')).toBe('¥268,000');
    expect(formatMoney(268000, 'en')).toBe('¥268,000');
    expect(formatMoney(1234567.89, 'zh-CN')).toBe('¥1,234,568');
  });
  it('keeps fen for small non-integer amounts, and a dash for nothing', () => {
    expect(formatMoney(99.5, 'en')).toBe('¥99.50');
    expect(formatMoney(null, 'en')).toBe('—');
    expect(formatMoney(Number.NaN, 'zh-CN')).toBe('—');
  });
});

describe('numbers and shares', () => {
  it('groups digits and rounds to the digits asked for', () => {
    expect(formatNumber(12345.678, 'en', 1)).toBe('12,345.7');
    expect(formatNumber(12345.678, 'zh-CN')).toBe('12,346');
  });
  it('formats shares as percentages', () => {
    expect(formatPercent(0.423, 'en')).toBe('42%');
    expect(formatPercent(0.4235, 'zh-CN', 1)).toBe('42.4%');
    expect(formatPercent(undefined, 'en')).toBe('—');
  });
});

describe('dates', () => {
  it('formats a calendar day per locale without shifting it by the time zone', () => {
    expect(formatDay('2025-03-07', 'zh-CN')).toBe('2025年3月7日');
    expect(formatDay('2025-03-07', 'en')).toBe('Mar 7, 2025');
    expect(formatDay('2025-01-01', 'en')).toBe('Jan 1, 2025');
  });
  it('shows moments in China time', () => {
    // 16:30 UTC is 00:30 the next day in Shanghai
    expect(formatMoment('2025-03-07T16:30:00Z', 'zh-CN')).toBe('2025年3月8日 00:30');
    expect(formatMoment('2025-03-07T16:30:00Z', 'en')).toMatch(/^Mar 8, 2025, 12:30\s?AM$/);
  });
  it('formats months and passes unknown text through', () => {
    expect(formatMonth('2024-11', 'zh-CN')).toBe('2024年11月');
    expect(formatMonth('2024-11', 'en')).toBe('Nov 2024');
    expect(formatDay('soon', 'en')).toBe('soon');
    expect(formatDay(null, 'en')).toBe('—');
  });
  it("takes today's day in the dealer's zone", () => {
    expect(todayDay(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
    expect(todayDay(new Date('2025-12-31T15:59:00Z'))).toBe('2025-12-31');
  });
  it('names ISO weeks, across year ends', () => {
    expect(isoWeek('2026-11-26')).toBe('2026-W48');
    expect(isoWeek('2021-01-03')).toBe('2020-W53'); // a Sunday still in the last week of 2020
    expect(isoWeek('2024-12-30')).toBe('2025-W01'); // a Monday in the first week of 2025
    expect(isoWeek('2025-01-01')).toBe('2025-W01');
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} 和 {b}', { a: '张三', b: 2 })).toBe('张三 和 2');
    expect(interpolate('hi {who}', {})).toBe('hi {who}');
  });
});
