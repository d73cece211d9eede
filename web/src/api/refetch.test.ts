import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'graphql';
import { REFETCH_AFTER, rootFields, staleAfter } from './refetch.js';
import { createApiClient } from './client.js';

describe('rootFields', () => {
  it('lists the root fields of an operation, without __typename', () => {
    expect(rootFields(parse('query Q { people { id } network(personId: "x") { truncated } __typename }'))).toEqual(['people', 'network']);
    expect(rootFields(parse('mutation { recordVisit(input: {}) { id } }'))).toEqual(['recordVisit']);
  });
});

describe('staleAfter', () => {
  it('names the analytics a mutation changes', () => {
    const s = staleAfter(['recordVisit']);
    for (const q of ['network', 'decisionCircle', 'knownContactTestimonials', 'influencers', 'people']) expect(s.has(q), q).toBe(true);
    expect(staleAfter(['publishBoard']).has('boards')).toBe(true);
    expect(staleAfter(['completeFollowUp']).has('myFollowUps')).toBe(true);
    // a sale makes the buyer a buyer, schedules a call and moves the sales figures
    for (const q of ['people', 'myFollowUps', 'salesStats', 'repurchaseRadar']) expect(staleAfter(['recordSale']).has(q), q).toBe(true);
    expect(staleAfter(['login']).size).toBe(0);
  });
  it('names only queries (no mutation refetches another mutation)', () => {
    for (const list of Object.values(REFETCH_AFTER)) for (const q of list) expect(REFETCH_AFTER[q]).toBeUndefined();
  });
});

// The real client (refetch exchange, document cache, fetch exchange) against a fake server.
function fakeServer(answers: Record<string, (n: number) => unknown>, status = 200) {
  const calls: { operationName: string; authorization: string | null; method: string }[] = [];
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { operationName: string };
    const headers = new Headers(init.headers);
    calls.push({ operationName: body.operationName, authorization: headers.get('authorization'), method: String(init.method) });
    const n = calls.filter((c) => c.operationName === body.operationName).length;
    const answer = answers[body.operationName];
    const payload = status === 200 && answer ? { data: answer(n) } : { errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] };
    return new Response(JSON.stringify(payload), { status, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

const tick = () => new Promise((r) => setTimeout(r, 20));
const NETWORK = parse('query Net { network(personId: "p") { truncated } }');
const BOARDS = parse('query Boards { boards(first: 5) { id } }');
const VISIT = parse('mutation Visit { recordVisit(input: {prospectId: "p", date: "2025-01-01"}) { id } }');
const PUBLISH = parse('mutation Publish { publishBoard(week: "2026-W48", testimonialIds: []) { created } }');

afterEach(() => vi.unstubAllGlobals());

describe('the API client', () => {
  const answers = {
    Net: (n: number) => ({ network: { __typename: 'Network', truncated: n > 1 } }),
    Boards: () => ({ boards: [] }),
    Visit: () => ({ recordVisit: { __typename: 'VisitResult', id: 'v1' } }),
    Publish: () => ({ publishBoard: { __typename: 'PublishBoardPayload', created: true } }),
  };

  it('POSTs with the bearer token (Apollo refuses GET queries as CSRF)', async () => {
    const calls = fakeServer(answers);
    const client = createApiClient('tok', () => {});
    await client.query(BOARDS, {}).toPromise();
    expect(calls).toEqual([{ operationName: 'Boards', authorization: 'Bearer tok', method: 'POST' }]);
  });

  it('refetches a query on screen that a mutation made stale, and not one it did not', async () => {
    const calls = fakeServer(answers);
    const client = createApiClient('tok', () => {});
    const seen: unknown[] = [];
    const net = client.query(NETWORK, {}).subscribe((r) => seen.push(r.data));
    const boards = client.query(BOARDS, {}).subscribe(() => {});
    await tick();
    await client.mutation(VISIT, {}).toPromise();
    await tick();
    expect(calls.map((c) => c.operationName)).toEqual(['Net', 'Boards', 'Visit', 'Net']);
    expect(seen.at(-1)).toEqual({ network: { __typename: 'Network', truncated: true } });
    net.unsubscribe();
    boards.unsubscribe();
  });

  it('fetches a stale query that was not on screen from the network when it is next asked for', async () => {
    const calls = fakeServer(answers);
    const client = createApiClient('tok', () => {});
    await client.query(BOARDS, {}).toPromise();
    await client.query(BOARDS, {}).toPromise(); // cached
    await client.mutation(PUBLISH, {}).toPromise();
    await client.query(BOARDS, {}).toPromise(); // stale: network
    await client.query(BOARDS, {}).toPromise(); // cached again
    expect(calls.map((c) => c.operationName)).toEqual(['Boards', 'Publish', 'Boards']);
  });

  it('keeps a query stale when it leaves the screen while its refetch is still on the way', async () => {
    const calls = fakeServer(answers);
    const fetchMock = globalThis.fetch as unknown as ReturnType<typeof vi.fn>;
    const answer = fetchMock.getMockImplementation() as (url: string, init: RequestInit) => Promise<Response>;
    // the refetch after the mutation (the second Net) is slow: the screen closes before it answers
    fetchMock.mockImplementation(async (url: string, init: RequestInit) => {
      const nets = calls.filter((c) => c.operationName === 'Net').length;
      const isNet = (JSON.parse(String(init.body)) as { operationName: string }).operationName === 'Net';
      if (isNet && nets === 1) await new Promise((r) => setTimeout(r, 100));
      return answer(url, init);
    });
    const client = createApiClient('tok', () => {});
    const seen: unknown[] = [];
    const net = client.query(NETWORK, {}).subscribe((r) => seen.push(r.data));
    await tick();
    await client.mutation(VISIT, {}).toPromise();
    net.unsubscribe();
    await new Promise((r) => setTimeout(r, 150));
    // asked for again: not the answer from before the mutation, but a fresh one
    // (bounded: before the fix this request never answered)
    const again = (await Promise.race([client.query(NETWORK, {}).toPromise(), new Promise((r) => setTimeout(() => r({ data: 'no answer' }), 1000))])) as { data: unknown };
    expect(again.data).toEqual({ network: { __typename: 'Network', truncated: true } });
  });

  it('refetches again when an answer sent before the mutation arrives after it', async () => {
    const calls = fakeServer(answers);
    const fetchMock = globalThis.fetch as unknown as ReturnType<typeof vi.fn>;
    const answer = fetchMock.getMockImplementation() as (url: string, init: RequestInit) => Promise<Response>;
    // the first Net, sent before the mutation, is slow: it answers (with the old data) after the mutation did
    fetchMock.mockImplementation(async (url: string, init: RequestInit) => {
      const isNet = (JSON.parse(String(init.body)) as { operationName: string }).operationName === 'Net';
      const nets = calls.filter((c) => c.operationName === 'Net').length;
      const res = answer(url, init);
      if (isNet && nets === 0) await new Promise((r) => setTimeout(r, 100));
      return res;
    });
    const client = createApiClient('tok', () => {});
    const seen: unknown[] = [];
    const net = client.query(NETWORK, {}).subscribe((r) => seen.push(r.data));
    await tick();
    await client.mutation(VISIT, {}).toPromise();
    await new Promise((r) => setTimeout(r, 250));
    // what stays on screen is an answer asked for after the mutation
    expect(seen.at(-1)).toEqual({ network: { __typename: 'Network', truncated: true } });
    expect(calls.filter((c) => c.operationName === 'Net').length).toBeGreaterThanOrEqual(2);
    net.unsubscribe();
  });

  it('signs out when the server refuses the token', async () => {
    fakeServer(answers, 401);
    const onAuthError = vi.fn();
    const client = createApiClient('expired', onAuthError);
    const res = await client.query(BOARDS, {}).toPromise();
    expect(res.error).toBeDefined();
    expect(onAuthError).toHaveBeenCalledTimes(1);
  });
});
