import { describe, expect, it } from 'vitest';
import { CombinedError } from '@urql/core';
import { makeI18n } from '../i18n/i18n.js';
import { describeError } from '../ui/status.js';
import { sameDaysLastMonth, yearsBefore } from './analysis.js';
import { recentWeeks } from './board.js';
import { copyFileName } from './person/export-panel.js';
import { telHref } from './person/profile-card.js';
import { toNetworkData } from './person/network-data.js';
import { recentSince } from './recent-visits.js';
import { searchTerm } from './search.js';

describe('small helpers of the screens', () => {
  it('search sends trimmed terms of at least one character', () => {
    expect(searchTerm('  王  伟 ')).toBe('王 伟');
    expect(searchTerm('   ')).toBeNull();
    expect(searchTerm('x'.repeat(300))).toHaveLength(100);
  });
  it('dials only real numbers, never masked ones', () => {
    expect(telHref('+8613812345678')).toBe('tel:+8613812345678');
    expect(telHref('+86138****5678')).toBeNull();
    expect(telHref(null)).toBeNull();
  });
  it('names the copy of personal data after the person and the day, without characters a file system refuses', () => {
    expect(copyFileName('欧阳明', '2026-11-27')).toBe('个人信息副本-欧阳明-2026-11-27.json');
    expect(copyFileName('A/B: "C"', '2026-11-27')).toBe('个人信息副本-A_B_C_-2026-11-27.json');
    expect(copyFileName('   ', '2026-11-27')).toBe('个人信息副本-person-2026-11-27.json');
  });
  it('offers the last weeks, newest first, across the new year', () => {
    expect(recentWeeks('2026-01-05', 3)).toEqual(['2026-W02', '2026-W01', '2025-W52']);
  });
  it('compares the month so far with the same days of the month before', () => {
    expect(sameDaysLastMonth('2026-11-27')).toEqual({ from: '2026-10-01', to: '2026-10-27', lastDay: 27 });
    // a longer month's last days meet the shorter month's end; January looks back into December
    expect(sameDaysLastMonth('2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28', lastDay: 31 });
    expect(sameDaysLastMonth('2024-03-30')).toEqual({ from: '2024-02-01', to: '2024-02-29', lastDay: 30 });
    expect(sameDaysLastMonth('2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-05', lastDay: 5 });
  });
  it('counts the last seven days with today, across a month and a year', () => {
    expect(recentSince('2026-11-27', 7)).toBe('2026-11-21');
    expect(recentSince('2026-03-03', 7)).toBe('2026-02-25');
    expect(recentSince('2027-01-02', 7)).toBe('2026-12-27');
    expect(recentSince('2026-11-27', 1)).toBe('2026-11-27');
  });
  it('counts years back on the calendar', () => {
    expect(yearsBefore('2026-03-10', 2)).toBe('2024-03-10');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
  });
  it('labels masked people as the server named them', () => {
    const data = toNetworkData({
      truncated: true,
      nodes: [
        { id: 'a', displayName: '王伟', masked: false, kind: 'PROSPECT', influence: 0.3, hops: 0 },
        { id: 'b', displayName: '共同联系人', masked: true, kind: null, influence: null, hops: 1 },
      ],
      edges: [{ from: 'a', to: 'b', kind: 'FRIEND', strength: 0.5 }],
    });
    expect(data.nodes).toEqual([
      { id: 'a', name: '王伟', kind: 'PROSPECT', influence: 0.3, masked: false },
      { id: 'b', name: '共同联系人', kind: 'CONTACT', influence: null, masked: true },
    ]);
    expect(data.truncated).toBe(true);
  });
});

describe('describeError', () => {
  const en = makeI18n('en');
  it('explains coded errors in the user’s language, with the field and request id', () => {
    const e = new CombinedError({
      graphQLErrors: [{ message: 'phone must be a China mobile', extensions: { code: 'BAD_USER_INPUT', field: 'phone', requestId: 'r-1' } } as never],
    });
    expect(describeError(e, en)).toEqual({ title: 'Please check: phone', detail: 'phone must be a China mobile', requestId: 'r-1', retryable: false });
    const zh = describeError(new CombinedError({ graphQLErrors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } } as never] }), makeI18n('zh-CN'));
    expect(zh.title).toBe('您没有查看此内容的权限。');
  });
  it('offers a retry for network and server failures, never showing the server’s internals', () => {
    expect(describeError(new CombinedError({ networkError: new Error('ECONNREFUSED') }), en)).toMatchObject({ title: 'Cannot reach the server. Check the connection and try again.', retryable: true });
    expect(describeError(new CombinedError({ graphQLErrors: [{ message: 'Neo4jError: ...', extensions: { code: 'INTERNAL_SERVER_ERROR' } } as never] }), en)).toEqual({
      title: 'The server ran into a problem.',
      detail: null,
      requestId: null,
      retryable: true,
    });
  });
});
