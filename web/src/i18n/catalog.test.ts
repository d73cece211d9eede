import { describe, expect, it } from 'vitest';
import { makeI18n, translate } from './i18n.js';
import { en } from './messages.en.js';
import { zh, type Message, type MessageKey } from './messages.zh.js';

function texts(m: Message): string[] {
  return typeof m === 'string' ? [m] : [m.one, m.other];
}
function placeholders(m: Message): string[] {
  return [...new Set(texts(m).flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();
}

describe('message catalogs', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });
  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zh) as MessageKey[]) {
      const z = placeholders(zh[key]);
      const e = placeholders(en[key]);
      // English may say "Last year" for one year where Chinese keeps the number
      if (typeof en[key] !== 'string') expect(z.every((p) => e.includes(p)) || e.every((p) => z.includes(p)), key).toBe(true);
      else expect(e, key).toEqual(z);
    }
  });
  it('have no empty messages, and English has no Chinese left in running text', () => {
    for (const key of Object.keys(zh) as MessageKey[]) {
      for (const s of [...texts(zh[key]), ...texts(en[key])]) expect(s.trim(), key).not.toBe('');
      // 三包 and the 浙江 example are deliberate
      const english = texts(en[key]).join(' ').replace(/三包|浙江/g, '');
      expect(/[\u4e00-\u9fff]/.test(english), `${key}: ${english}`).toBe(false);
    }
  });
});

describe('translate', () => {
  it('defaults to Chinese and switches to English', () => {
    expect(translate('zh-CN', 'nav.search')).toBe('客户查询');
    expect(translate('en', 'nav.search')).toBe('Customers');
  });
  it('picks the English plural form by count', () => {
    expect(translate('en', 'known.hops', { count: 1 })).toBe('1 hop away');
    expect(translate('en', 'known.hops', { count: 2 })).toBe('2 hops away');
    expect(translate('zh-CN', 'known.hops', { count: 2 })).toBe('2 度关系');
  });
  it('translates enum values and passes unknown ones through', () => {
    const i18n = makeI18n('en');
    expect(i18n.tEnum('tie', 'FAMILY')).toBe('Family');
    expect(i18n.tEnum('role.companion', 'DRIVER')).toBe('Driver');
    expect(i18n.tEnum('tie', 'SOMETHING_NEW')).toBe('SOMETHING_NEW');
    expect(makeI18n('zh-CN').tEnum('kind', 'PROSPECT')).toBe('潜客');
    expect(i18n.tEnum('kind', null)).toBe('—');
  });
});
