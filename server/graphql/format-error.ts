import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../errors.js';
import { log } from '../logger.js';
import { currentRequestId } from '../request-scope.js';

// Codes graphql-js / Apollo attach themselves for malformed requests; safe to pass through.
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

// a killed or restarting server shows up as any of these; the client may simply retry
const TRANSIENT =
  /ServiceUnavailable|SessionExpired|TransientError|DatabaseUnavailable|Transaction\.Terminated|database is shutting down|ECONNREFUSED|ECONNRESET|Connection was closed|Failed to connect|Pool is closed|connection acquisition timed out/i;

function isNeoDriverError(err: unknown): err is Error & { code?: string } {
  return err instanceof Error && (err.name === 'Neo4jError' || /^Neo\./.test(String((err as { code?: unknown }).code)));
}

/**
 * The one place where thrown errors become client errors. Domain errors keep their message and code;
 * anything else is masked, logged with the request id, and reaches the client only as a code.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const requestId = currentRequestId();
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const withCode = (code: ErrorCode | string, message: string, extra: Record<string, unknown> = {}) => ({
    ...base,
    message,
    extensions: { code, ...extra, ...(requestId ? { requestId } : {}) },
  });

  if (original instanceof DomainError) {
    return withCode(original.code, original.message, original.field ? { field: original.field } : {});
  }
  // the library's base class keeps graphql-js's name, so fall back to the constructor's
  const named = original as { name?: string; constructor?: { name?: string } } | undefined;
  const name = named?.name === 'GraphQLError' ? named.constructor?.name : named?.name;
  if (name === 'Neo4jGraphQLForbiddenError') return withCode(ErrorCode.FORBIDDEN, 'Forbidden');
  if (name === 'Neo4jGraphQLAuthenticationError') return withCode(ErrorCode.UNAUTHENTICATED, 'Unauthenticated');
  if (name === 'Neo4jGraphQLError') {
    // the library's own messages carry no Cypher; "Unauthenticated" is its missing-token signal
    if (formatted.message === 'Unauthenticated') return withCode(ErrorCode.UNAUTHENTICATED, 'Sign in first');
    return withCode(ErrorCode.BAD_USER_INPUT, formatted.message);
  }
  if (name === 'Neo4jGraphQLConstraintValidationError') {
    return withCode(ErrorCode.CONFLICT, 'A record with the same unique value already exists');
  }
  if (name === 'Neo4jGraphQLRelationshipValidationError') {
    return withCode(ErrorCode.BAD_USER_INPUT, formatted.message);
  }
  // the library's translator also throws bare GraphQLErrors for inputs it cannot translate (e.g. "Conflicting
  // modification of field basePrice"); found by test/fuzz-schema.int.test.ts
  if (name === 'GraphQLError' && /@neo4j[\\/]graphql[\\/]dist[\\/]translate[\\/]/.test(String((original as Error).stack))) {
    return withCode(ErrorCode.BAD_USER_INPUT, (original as Error).message);
  }
  const code = formatted.extensions?.code;
  // Apollo gives every uncoded error INTERNAL_SERVER_ERROR, so that code must never let a message through
  const ours =
    typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR && (Object.values(ErrorCode) as string[]).includes(code);
  if (typeof code === 'string' && (PASS_THROUGH.has(code) || ours) && !isNeoDriverError(original)) {
    return { ...formatted, extensions: { ...formatted.extensions, ...(requestId ? { requestId } : {}) } };
  }
  if (isNeoDriverError(original) && TRANSIENT.test(`${original.code ?? ''} ${original.message}`)) {
    log.warn('database unavailable', { requestId, error: original.message });
    return withCode(ErrorCode.SERVICE_UNAVAILABLE, 'The database is not reachable right now; try again shortly');
  }
  log.error('internal error', {
    requestId,
    error: original instanceof Error ? original.message : String(original),
    stack: original instanceof Error ? original.stack : undefined,
    path: formatted.path,
  });
  return withCode(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
}
