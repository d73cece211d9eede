import type { ErrorRequestHandler } from 'express';
import { log } from '../../logger.js';

interface HttpError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  limit?: unknown;
  message?: unknown;
  stack?: unknown;
}

/** Client-side problems the body parser reports, with the code and message a client gets. */
function describe(err: HttpError, status: number): { code: string; message: string } {
  switch (err.type) {
    case 'entity.too.large':
      return { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${String(err.limit)} bytes` };
    case 'entity.parse.failed':
      return { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The request body encoding is not supported; send UTF-8 JSON' };
    case 'request.aborted':
      return { code: 'BAD_REQUEST', message: 'The request was aborted' };
    default:
      return status === 413
        ? { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' }
        : { code: 'BAD_REQUEST', message: 'The request could not be read' };
  }
}

/**
 * The last Express error handler. Express's default one answers with an HTML page that includes the stack trace
 * outside NODE_ENV=production; this one answers GraphQL-shaped JSON with a code and the request id, and logs the rest.
 */
export function httpErrorHandler(): ErrorRequestHandler {
  return (err: HttpError, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const raw = Number(err?.status ?? err?.statusCode);
    const status = Number.isInteger(raw) && raw >= 400 && raw < 500 ? raw : 500;
    const requestId = String(res.getHeader('x-request-id') ?? '');
    const { code, message } =
      status === 500 ? { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } : describe(err ?? {}, status);
    if (status === 500) {
      log.error('unhandled HTTP error', { requestId, error: String(err?.message ?? err), stack: err?.stack });
    } else {
      log.warn('bad HTTP request', { requestId, status, code, error: String(err?.message ?? err) });
    }
    res.status(status).json({ errors: [{ message, extensions: { code, ...(requestId ? { requestId } : {}) } }] });
  };
}
