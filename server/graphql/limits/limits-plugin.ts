import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { QueryLimitError } from './limit-error.js';
import { invalidLibraryVariable } from './library-guards.js';
import { findNegativeSizeArgument, literalDepth, operationCost } from './operation-cost.js';

export interface OperationLimits {
  maxCost: number;
  defaultListSize: number;
  maxInputDepth: number;
}

/** Deepest argument value (literals, variable defaults and the variables they reference). */
export function inputDepth(document: DocumentNode, variables: Readonly<Record<string, unknown>>, max: number): number {
  let deepest = 0;
  visit(document, {
    Argument(node) {
      deepest = Math.max(deepest, literalDepth(node.value, variables, max));
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) deepest = Math.max(deepest, literalDepth(node.defaultValue, variables, max));
      return false;
    },
  });
  return deepest;
}

/**
 * The checks that need the request's variables, so they cannot be validation rules: list-aware cost, nesting of
 * argument values, negative sizes. They run after validation and before anything touches the database.
 */
export function operationLimitsPlugin<T extends BaseContext>(limits: OperationLimits): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          const depth = inputDepth(document, variables, limits.maxInputDepth);
          if (depth > limits.maxInputDepth) {
            throw new QueryLimitError(
              'inputDepth',
              limits.maxInputDepth,
              `An argument value is nested more than ${limits.maxInputDepth} levels deep`,
            );
          }
          const negative = findNegativeSizeArgument(document, variables);
          if (negative) {
            throw new GraphQLError(`${negative.argument} must not be negative (got ${negative.value})`, {
              extensions: { code: 'BAD_USER_INPUT', field: negative.argument, http: { status: 400 } },
            });
          }
          if (operation.kind !== Kind.OPERATION_DEFINITION) return;
          const bad = invalidLibraryVariable(schema, operation, variables);
          if (bad) {
            throw new GraphQLError(`Variable ${bad.path} ${bad.message}`, {
              extensions: { code: 'BAD_USER_INPUT', field: bad.path, http: { status: 400 } },
            });
          }
          const cost = operationCost(schema, document, operation, variables, {
            defaultListSize: limits.defaultListSize,
            ceiling: limits.maxCost,
          });
          if (cost > limits.maxCost) {
            throw new QueryLimitError(
              'cost',
              limits.maxCost,
              `The query could fetch too much (estimated cost over ${limits.maxCost}, each list counted at its ` +
                'first/limit size): ask for fewer items or fewer nested lists',
              operation,
              cost,
            );
          }
        },
      };
    },
  };
}
