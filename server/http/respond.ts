/**
 * JSON responses and request bodies. Every JSON answer is `no-store` (some
 * carry capability tokens) and `no-referrer` (so a link's secret never leaks
 * through a Referer header).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '@/lib/board/api-error';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * A refusal of the request itself — its body, its Host header, its fields,
 * its path — thrown by HTTP code; the handler answers with its status and
 * error body. Refusals decided by the domain are DomainErrors
 * (server/errors.ts), given their statuses by ./errors.ts.
 */
export class HttpError extends StatusError {}

export const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  const body: { code: string; message: string; field?: string } = { code: error.code, message: error.message };
  if (error.field !== undefined) body.field = error.field;
  // After a refused body the rest of it is unread: close rather than reuse the connection.
  sendJson(res, error.status, { error: body }, error.status === 413 ? { Connection: 'close' } : {});
}

/** Read a JSON body of at most `limit` bytes: 413 beyond it, 400 when it is not JSON. */
export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = Buffer.from(await readBody(req, limit)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Read a body of at most `limit` bytes (413 beyond it) into a buffer of its
 * own (never a view into Buffer's shared pool, so it may be transferred to
 * a worker thread).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, 'body_too_large', `request body exceeds ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'body_too_large', `request body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
