/**
 * Structured logs (pino). Capability tokens are bearer secrets: a log line
 * must never carry one, so URLs go through `redactUrl` and the Authorization
 * header is censored by pino's redaction.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** `destination` defaults to stdout (tests pass a stream to read what would be logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'common-ground' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'token', '*.token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Replace the value of every `token=` parameter (query or fragment) with a marker. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  return url.replace(/([?&#]t(?:oken)?=)[^&#\s]*/gi, '$1[redacted]');
}

/** Headers safe to log: Authorization and cookies dropped. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(headers)) {
    const lower = key.toLowerCase();
    out[key] = lower === 'authorization' || lower === 'cookie' || lower === 'sec-websocket-key' ? '[redacted]' : value;
  }
  return out;
}
