import { GraphQLError, type ASTNode } from 'graphql';

/** Which request limit was hit; reported as `extensions.limit` so a client can tell them apart. */
export type LimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost' | 'inputDepth';

/** Codes of refused requests (HTTP 400). Depth has its own; every other limit is QUERY_TOO_COMPLEX. */
export const QUERY_TOO_DEEP = 'QUERY_TOO_DEEP';
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
/** A query stopped by the transaction timeout (HTTP 200 with this error, as for any resolver error). */
export const QUERY_TIMEOUT = 'QUERY_TIMEOUT';

export function limitCode(limit: LimitName): string {
  return limit === 'depth' ? QUERY_TOO_DEEP : QUERY_TOO_COMPLEX;
}

/**
 * A request refused for its size or shape. Apollo re-codes validation errors as GRAPHQL_VALIDATION_FAILED but keeps
 * this one as `originalError`, which is how the formatter (format-limit-error.ts) finds and restores the code.
 */
export class QueryLimitError extends GraphQLError {
  readonly code: string;

  constructor(
    readonly limit: LimitName,
    readonly max: number,
    message: string,
    nodes?: ASTNode | readonly ASTNode[],
    readonly actual?: number,
  ) {
    const code = limitCode(limit);
    super(message, {
      ...(nodes ? { nodes } : {}),
      extensions: { code, limit, max, ...(actual !== undefined ? { actual } : {}), http: { status: 400 } },
    });
    this.code = code;
    this.name = 'QueryLimitError';
  }
}
