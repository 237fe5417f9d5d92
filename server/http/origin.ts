/**
 * The origin capability links point at (server/auth/links.ts mints them):
 * PUBLIC_URL, else the request's own Host and forwarded scheme. An HTTP
 * concern — it reads the request — so it stays in server/http.
 */
import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';
import { HttpError } from './respond';

/** Where links point: PUBLIC_URL, else the request's own Host and forwarded scheme. */
export function publicOrigin(req: IncomingMessage, config: Config): string {
  if (config.publicUrl) return config.publicUrl;
  const host = req.headers.host ?? '';
  // A Host header ends up inside links we hand out: accept host[:port] only.
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
    throw new HttpError(400, 'bad_host', 'the Host header is not a host name');
  }
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  const proto = forwarded === 'https' || forwarded === 'http' ? forwarded : 'encrypted' in req.socket ? 'https' : 'http';
  return `${proto}://${host}`;
}
