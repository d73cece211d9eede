import { Kind, type DocumentNode } from 'graphql';
import { makeOperation, mapExchange, type Exchange, type Operation } from '@urql/core';

// urql's document cache only drops results that contain a __typename the mutation returned. Analytics
// (influence ranks, stats, testimonials near a prospect) change with a mutation without sharing a type with
// its answer, so each mutation names the queries it makes stale, here, in one list.

export const REFETCH_AFTER: Record<string, readonly string[]> = {
  recordVisit: [
    'people',
    'visits',
    'searchPeople',
    'network',
    'decisionCircle',
    'knownContactTestimonials',
    'warmPaths',
    'influencers',
    'salesStats',
    'modelDemand',
    'repurchaseRadar',
    'graphStats',
  ],
  updateTie: ['network', 'decisionCircle', 'knownContactTestimonials', 'warmPaths', 'influencers', 'people'],
  addTie: ['network', 'decisionCircle', 'knownContactTestimonials', 'warmPaths', 'influencers', 'people'],
  removeTie: ['network', 'decisionCircle', 'knownContactTestimonials', 'warmPaths', 'influencers', 'people'],
  setConsent: ['people', 'searchPeople', 'network', 'knownContactTestimonials', 'boardCandidates', 'consentHistory'],
  createPerson: ['searchPeople', 'people', 'graphStats', 'referralChain', 'topReferrers'],
  recordInteraction: ['people', 'repurchaseRadar'],
  createUser: ['users'],
  importData: ['people', 'searchPeople', 'visits', 'sales', 'network', 'decisionCircle', 'knownContactTestimonials', 'referralChain', 'topReferrers', 'salesStats', 'modelDemand', 'repurchaseRadar', 'graphStats', 'myFollowUps', 'boardCandidates', 'users'],
  updateUser: ['users', 'repurchaseRadar', 'myFollowUps'],
  updatePerson: ['consentHistory', 'people', 'searchPeople', 'visits', 'network', 'decisionCircle', 'knownContactTestimonials', 'referralChain'],
  mergePeople: ['people', 'searchPeople', 'visits', 'network', 'decisionCircle', 'knownContactTestimonials', 'referralChain', 'topReferrers', 'repurchaseRadar'],
  erasePerson: ['people', 'searchPeople', 'visits', 'network', 'decisionCircle', 'knownContactTestimonials', 'referralChain', 'topReferrers', 'boardCandidates', 'repurchaseRadar'],
  recordReferral: ['referralChain', 'topReferrers', 'referralCredit', 'people', 'salesStats', 'repurchaseRadar'],
  recordSale: [
    'people',
    'sales',
    'searchPeople',
    'myFollowUps',
    'followUps',
    'network',
    'decisionCircle',
    'knownContactTestimonials',
    'salesStats',
    'modelDemand',
    'repurchaseRadar',
    'topReferrers',
    'referralChain',
    'referralCredit',
    'graphStats',
  ],
  completeFollowUp: ['myFollowUps', 'followUps', 'people', 'sales', 'testimonials', 'boardCandidates', 'repurchaseRadar', 'tasks'],
  completeTask: ['tasks'],
  setTestimonialStatus: ['people', 'testimonials', 'boardCandidates', 'knownContactTestimonials', 'boards'],
  publishBoard: ['boards', 'boardCandidates', 'testimonials'],
};

/** The root fields an operation selects ("people", "network", ...). */
export function rootFields(query: DocumentNode): string[] {
  const names: string[] = [];
  for (const def of query.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const sel of def.selectionSet.selections) {
      if (sel.kind === Kind.FIELD && sel.name.value !== '__typename') names.push(sel.name.value);
    }
  }
  return names;
}

/** Query root fields made stale by a successful mutation selecting these root fields. */
export function staleAfter(mutationFields: readonly string[]): Set<string> {
  const stale = new Set<string>();
  for (const m of mutationFields) for (const q of REFETCH_AFTER[m] ?? []) stale.add(q);
  return stale;
}

function intersects(fields: readonly string[], set: ReadonlySet<string>): boolean {
  return fields.some((f) => set.has(f));
}

/** How many distinct queries the exchange remembers (each is a cached result the document cache may hold). */
const MAX_KNOWN = 1000;

/**
 * Placed before cacheExchange. After a mutation succeeds, every query it made stale is marked; the client
 * re-executes those on screen right away (it ignores the others), and a marked query asked for later goes to the
 * network instead of the cache. The mark stays until an answer *asked for after the mutation* arrives: a refetch
 * torn down on its way (the screen closed as the mutation finished) does not leave the old answer in the cache, and
 * an answer that was already on its way when the mutation finished (the client then folds the refetch into it)
 * is followed by one more request instead of staying on screen.
 */
export function refetchExchange(): Exchange {
  return (input) => {
    const known = new Map<number, Operation>();
    // query key -> the send counter when a mutation made it stale; answers to requests sent later clear it
    const staleSince = new Map<number, number>();
    let sent = 0;
    return mapExchange({
      onOperation(op) {
        if (op.kind !== 'query') return op;
        known.delete(op.key);
        known.set(op.key, op);
        if (known.size > MAX_KNOWN) {
          const oldest = known.keys().next().value as number;
          known.delete(oldest);
          staleSince.delete(oldest);
        }
        const stale = staleSince.has(op.key) && op.context.requestPolicy.startsWith('cache');
        return makeOperation('query', op, { ...op.context, sentSeq: ++sent, ...(stale ? { requestPolicy: 'network-only' as const } : {}) });
      },
      onResult(result) {
        const op = result.operation;
        if (op.kind === 'query') {
          const since = staleSince.get(op.key);
          if (since === undefined || result.error || op.context.meta?.cacheOutcome === 'hit') return;
          if (((op.context.sentSeq as number | undefined) ?? 0) > since) staleSince.delete(op.key);
          else input.client.reexecuteOperation(makeOperation('query', op, { ...op.context, requestPolicy: 'network-only' }));
          return;
        }
        if (op.kind !== 'mutation' || result.error) return;
        const made = staleAfter(rootFields(op.query));
        if (made.size === 0) return;
        for (const q of known.values()) {
          if (!intersects(rootFields(q.query), made)) continue;
          staleSince.set(q.key, sent);
          input.client.reexecuteOperation(makeOperation('query', q, { ...q.context, requestPolicy: 'network-only' }));
        }
      },
    })(input);
  };
}
