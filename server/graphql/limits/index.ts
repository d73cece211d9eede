import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError, ValidationRule } from 'graphql';
import type { Config } from '../../config.js';
import { aliasLimitRule, depthLimitRule, directiveLimitRule } from './document-rules.js';
import { withQueryLimitErrors } from './format-limit-error.js';
import { emptyConnectionFilterRule, strictScalarLiteralsRule, typenameOnlyRule } from './library-guards.js';
import { operationLimitsPlugin } from './limits-plugin.js';

export { QUERY_TIMEOUT, QUERY_TOO_COMPLEX, QUERY_TOO_DEEP, QueryLimitError, type LimitName } from './limit-error.js';
export { operationCost } from './operation-cost.js';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

export interface QueryLimitOptions<T extends BaseContext> {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  plugins: ApolloServerPlugin<T>[];
  allowBatchedHttpRequests: false;
  hideSchemaDetailsFromClientErrors: boolean;
  introspection: boolean;
  formatError: FormatError;
}

/**
 * Every request limit, as Apollo Server options to spread into its constructor. Refusals are HTTP 400 with
 * QUERY_TOO_DEEP or QUERY_TOO_COMPLEX (and `extensions.limit` naming which); see docs/security.md.
 */
export function queryLimits<T extends BaseContext>(config: Config, formatError: FormatError): QueryLimitOptions<T> {
  const l = config.limits;
  const production = config.mode === 'production';
  return {
    validationRules: [
      depthLimitRule(l.maxDepth),
      aliasLimitRule(l.maxAliases),
      directiveLimitRule(l.maxDirectives),
      typenameOnlyRule,
      strictScalarLiteralsRule,
      emptyConnectionFilterRule,
    ],
    parseOptions: { maxTokens: l.maxTokens },
    plugins: [operationLimitsPlugin<T>({ maxCost: l.maxCost, defaultListSize: l.defaultListSize, maxInputDepth: l.maxInputDepth })],
    // one operation per HTTP request: a batch would multiply every limit above
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: production,
    introspection: !production,
    formatError: withQueryLimitErrors(formatError, { hideSuggestions: production }),
  };
}
