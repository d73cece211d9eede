import type { ApolloServerPlugin } from '@apollo/server';
import { autoCommitReads, type Driver } from '../queries/driver.js';
import type { AppContext } from './context.js';

/**
 * Query operations hand @neo4j/graphql an auto-commit read runner instead of the driver: one round trip per
 * generated statement instead of two. Mutations keep the driver, so they run in managed write transactions.
 */
export function autoCommitReadsPlugin(driver: Driver, database: string | undefined): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'query') {
            contextValue.executionContext = autoCommitReads(driver, database, { app: 'quanzi', requestId: contextValue.requestId });
          }
        },
      };
    },
  };
}
