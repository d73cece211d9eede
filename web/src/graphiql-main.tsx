// The offline GraphQL explorer served at /graphql to browsers: GraphiQL 5 with its Monaco editor workers
// bundled by Vite (no CDN). It sends the signed-in client's token, when there is one in this browser.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import type { ExecutionResult } from 'graphql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadSession } from './auth/session.js';

const session = loadSession();
// POST only (Apollo's CSRF guard), headers from the Headers tab
async function fetcher(params: unknown, opts?: { headers?: Record<string, unknown> }): Promise<ExecutionResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(opts?.headers ?? {})) headers[k] = String(v);
  const res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
  return (await res.json()) as ExecutionResult;
}
const defaultHeaders = session ? JSON.stringify({ Authorization: `Bearer ${session.token}` }, null, 2) : undefined;

const defaultQuery = `# Quanzi API. Sign in first (the token goes in the Headers tab):
# mutation { login(username: "admin", password: "…") { token } }
{
  graphStats {
    people
    ties
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultHeaders={defaultHeaders} shouldPersistHeaders={false} />
  </StrictMode>,
);
