import { describe, expect, it } from 'vitest';
import { auditWhere, detailsText } from './audit-filter.js';

describe('the audit log filter', () => {
  it('filters only by what was filled in, trimmed', () => {
    expect(auditWhere({ operation: '', username: '  ', targetId: '' })).toEqual({});
    expect(auditWhere({ operation: 'setConsent', username: ' demo-manager ', targetId: 'per_1' })).toEqual({
      operation: { eq: 'setConsent' },
      username: { eq: 'demo-manager' },
      targetId: { eq: 'per_1' },
    });
  });
  it('groups the personal-data requests and consent changes', () => {
    expect(auditWhere({ operation: 'personalData', username: '', targetId: '' })).toEqual({
      operation: { in: ['setConsent', 'updatePerson+consent', 'exportPersonalData', 'erasePerson'] },
    });
  });
  it('shows details as short key: value text, and raw text when it is not JSON', () => {
    expect(detailsText('{"shareConsent":true,"fields":["name","phone"]}')).toBe('shareConsent: true · fields: ["name","phone"]');
    expect(detailsText('{"channel":"微信"}')).toBe('channel: 微信');
    expect(detailsText('not json')).toBe('not json');
    expect(detailsText(null)).toBe('');
    expect(detailsText(JSON.stringify({ notes: 'x'.repeat(300) }), 20)).toBe(`notes: ${'x'.repeat(12)}…`);
  });
});
