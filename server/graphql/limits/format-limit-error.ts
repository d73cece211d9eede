import type { GraphQLFormattedError } from 'graphql';
import { log } from '../../logger.js';
import { currentRequestId } from '../../request-scope.js';
import { QUERY_TIMEOUT, QUERY_TOO_COMPLEX, QueryLimitError } from './limit-error.js';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

// graphql-js 16 spells it "more that"
const TOKENS = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;
const SUGGESTION = / ?Did you mean [^?]*\?/g;

// Neo4j aborted the transaction for running longer than its timeout (NEO4J_TX_TIMEOUT / db.transaction.timeout)
const TIMED_OUT = /^Neo\.ClientError\.Transaction\.TransactionTimedOut/;

/** The Neo4j error behind a resolver error, when it is a transaction timeout. */
function timeoutOf(error: unknown): { message: string } | null {
  let e = error as { originalError?: unknown; code?: unknown; name?: unknown; message?: unknown } | undefined;
  for (let i = 0; i < 4 && e; i++) {
    if (typeof e.code === 'string' && TIMED_OUT.test(e.code)) return { message: String(e.message) };
    e = e.originalError as typeof e;
  }
  return null;
}

function limitErrorOf(error: unknown): QueryLimitError | null {
  if (error instanceof QueryLimitError) return error;
  const original = (error as { originalError?: unknown } | null)?.originalError;
  return original instanceof QueryLimitError ? original : null;
}

/**
 * Wraps the app's formatter: refused requests keep their QUERY_TOO_DEEP / QUERY_TOO_COMPLEX code (Apollo re-codes
 * validation and parse errors), a transaction timeout becomes QUERY_TIMEOUT, and with `hideSuggestions` no message
 * hints at field or enum names.
 */
export function withQueryLimitErrors(format: FormatError, opts: { hideSuggestions: boolean }): FormatError {
  return (formatted, error) => {
    const requestId = currentRequestId();
    const limit = limitErrorOf(error);
    let out: GraphQLFormattedError;
    if (limit) {
      out = {
        message: limit.message,
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: {
          code: limit.code,
          limit: limit.limit,
          max: limit.max,
          ...(limit.actual !== undefined ? { actual: limit.actual } : {}),
          ...(requestId ? { requestId } : {}),
        },
      };
    } else if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOKENS.test(formatted.message)) {
      const max = Number(TOKENS.exec(formatted.message)![1]);
      out = {
        message: `The document has more than ${max} tokens`,
        extensions: { code: QUERY_TOO_COMPLEX, limit: 'tokens', max, ...(requestId ? { requestId } : {}) },
      };
    } else if (timeoutOf(error)) {
      log.warn('transaction timed out', { requestId, error: timeoutOf(error)!.message, path: formatted.path });
      out = {
        message: 'The query ran longer than the database allows and was stopped; ask for less',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: QUERY_TIMEOUT, ...(requestId ? { requestId } : {}) },
      };
    } else {
      out = format(formatted, error);
    }
    if (opts.hideSuggestions) {
      const message = out.message.replace(SUGGESTION, '');
      if (message !== out.message) out = { ...out, message };
    }
    return out;
  };
}
