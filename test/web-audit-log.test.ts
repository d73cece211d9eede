import { describe, expect, it } from 'vitest';
import { AUDIT_OPERATIONS } from '../server/domain.js';
import { makeI18n } from '../web/src/i18n/i18n.js';
import { AUDIT_OPERATIONS as SCREEN_OPERATIONS, PERSONAL_DATA_OPERATIONS } from '../web/src/screens/audit-filter.js';

describe("the web client's audit log screen", () => {
  it('offers exactly the operations the services write, each with a label in both languages', () => {
    expect([...SCREEN_OPERATIONS]).toEqual([...AUDIT_OPERATIONS]);
    for (const locale of ['zh-CN', 'en'] as const) {
      const { tEnum } = makeI18n(locale);
      for (const op of AUDIT_OPERATIONS) expect(tEnum('audit.op', op), `${locale} ${op}`).not.toBe(op);
    }
    for (const op of PERSONAL_DATA_OPERATIONS) expect(AUDIT_OPERATIONS as readonly string[]).toContain(op);
  });
});
