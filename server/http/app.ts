import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config.js';
import { bearer, verifyToken } from '../auth/jwt.js';
import { createContext, type AppContext, type Viewer } from '../graphql/context.js';
import { formatError } from '../graphql/format-error.js';
import { autoCommitReadsPlugin } from '../graphql/auto-commit-reads-plugin.js';
import { queryLimits } from '../graphql/limits/index.js';
import { createLoginLimiter } from '../auth/rate-limit.js';
import { assertTokenUsable, createUserStatusCache } from '../auth/user-status.js';
import { httpErrorHandler } from './limits/http-errors.js';
import { log } from '../logger.js';
import { mountBoardPrint } from './board-print.js';
import { createQueryRunner, isReachable, txConfigOf, type Driver } from '../queries/driver.js';
import { requestScope } from '../request-scope.js';
import { GraphQLError } from 'graphql';

// Thrown from the context builder: Apollo answers it as-is, with HTTP 401.
function invalidToken(): GraphQLError {
  return new GraphQLError('The sign-in token is invalid or has expired; sign in again', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

export interface AppDeps {
  config: Config;
  driver: Driver;
  schema: GraphQLSchema;
}

export interface App {
  express: Express;
  apollo: ApolloServer<AppContext>;
}

const PLACEHOLDER_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>圈子 Quanzi</title></head>
<body><h1>圈子 Quanzi</h1><p>网页客户端尚未构建。运行 <code>npm run build:web</code>。</p>
<p>The web client is not built yet: run <code>npm run build:web</code>. The API is at <a href="/graphql">/graphql</a>.</p></body></html>`;

/** Express app: /graphql (API + offline GraphiQL), /healthz, and the built web client at /. */
export async function createApp({ config, driver, schema }: AppDeps): Promise<App> {
  // depth/alias/token/directive/cost limits, no batching, production: no introspection or suggestions (docs/security.md)
  const { plugins: limitPlugins, ...limits } = queryLimits<AppContext>(config, formatError);
  const loginLimiter = createLoginLimiter(config);
  const userStatus = createUserStatusCache(createQueryRunner(driver, config.neo4j.database), {
    ttlMs: config.auth.userStatusCacheMs,
  });
  const apollo = new ApolloServer<AppContext>({
    schema,
    ...limits,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM; Apollo's own handlers (on outside NODE_ENV=test) made a second stop() that
    // hung the shutdown, so SIGTERM never ended the process
    stopOnTerminationSignals: false,
    // no cache hints are used (POST responses are not cached): without this the default cache-control plugin wraps
    // every field resolver (docs/performance.md)
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      autoCommitReadsPlugin(driver, config.neo4j.database),
      ...limitPlugins,
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // express hashes every res.send body for an ETag; API answers are POSTs that are never revalidated
  app.set('etag', false);
  app.set('trust proxy', 'loopback');

  // request id + one JSON log line per request
  app.use((req, res, next) => {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const body = req.body as { operationName?: unknown } | undefined;
      log.info('request', {
        requestId,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        operation: typeof body?.operationName === 'string' ? body.operationName : undefined,
      });
    });
    requestScope.run({ requestId }, () => next());
  });

  app.get('/healthz', async (_req, res) => {
    const up = await isReachable(driver, config.neo4j.database);
    res.status(up ? 200 : 503).json({ status: up ? 'ok' : 'unavailable', neo4j: up ? 'up' : 'down' });
  });

  const graphiql = path.join(config.webDist, 'graphiql.html');
  app.get('/graphql', (req, res, next) => {
    // a browser opening /graphql gets the bundled explorer; API GETs carry a query string
    if (req.query.query === undefined && req.accepts(['application/json', 'text/html']) === 'text/html') {
      if (fs.existsSync(graphiql)) return res.sendFile(graphiql);
    }
    next();
  });

  app.use(
    '/graphql',
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = String(res.getHeader('x-request-id'));
        const token = bearer(req.headers.authorization);
        const claims = token ? await verifyToken(token, config.auth.jwtSecret) : null;
        if (token && !claims) throw invalidToken();
        if (claims) await assertTokenUsable(userStatus, claims);
        const viewer: Viewer | null = claims
          ? { userId: claims.sub, username: claims.username, role: claims.role, dealershipId: claims.dealershipId }
          : null;
        const ctx = createContext({ driver, database: config.neo4j.database, config }, requestId, viewer, {
          clientIp: req.ip ?? 'unknown',
          loginLimiter,
        });
        if (claims) ctx.jwt = claims;
        // @neo4j/graphql's own transactions: the same timeout, and the request id for Neo4j's query log
        return Object.assign(ctx, { transaction: { ...txConfigOf(driver), metadata: { requestId } } });
      },
    }),
  );

  mountBoardPrint(app, { config, driver, userStatus });

  if (fs.existsSync(path.join(config.webDist, 'index.html'))) {
    app.use(express.static(config.webDist, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!graphql|healthz|boards\/).*/, (_req, res) => res.sendFile(path.join(config.webDist, 'index.html')));
  } else {
    app.get('/', (_req, res) => res.type('html').send(PLACEHOLDER_PAGE));
  }

  app.use(httpErrorHandler());

  return { express: app, apollo };
}
