/**
 * Capability tokens: `base64url(JSON claims) "." base64url(HMAC-SHA256)`.
 *
 * Each board signs with its own key, HMAC(serverSecret, `${boardId}:${epoch}`):
 * rotating a board's links is bumping its epoch, which invalidates every old
 * token of that board and no other. The claims format is shared with the
 * client (lib/board/access.ts); signing and checking live only here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { base64UrlDecode, base64UrlEncode, tokenClaimsSchema, type TokenClaims } from '@/lib/board/access';
import type { BoardId } from '@/lib/board/ids';

/** Longer tokens are refused unread: real ones are about 120 characters. */
export const MAX_TOKEN_LENGTH = 1024;

export type VerifyResult =
  | { readonly ok: true; readonly claims: TokenClaims }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'bad-signature' | 'expired' | 'unknown-board' | 'stale-epoch';
    };

/** What verification needs to know about a board: its current epoch and how to derive a key. */
export type BoardKeys = { readonly currentEpoch: number; readonly keyFor: (epoch: number) => Buffer };

export function boardKey(secret: Buffer, boardId: string, epoch: number): Buffer {
  return createHmac('sha256', secret).update(`${boardId}:${epoch}`).digest();
}

/** Keys for a board, given the server secret and the board's current epoch. */
export function boardKeys(secret: Buffer, boardId: string, currentEpoch: number): BoardKeys {
  return { currentEpoch, keyFor: (epoch) => boardKey(secret, boardId, epoch) };
}

function mac(payload: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

export function sign(claims: TokenClaims, key: Buffer): string {
  const payload = base64UrlEncode(JSON.stringify(claims));
  return `${payload}.${mac(payload, key).toString('base64url')}`;
}

/**
 * 32 MAC bytes are 43 base64url characters; the last one carries 4 bits and
 * two unused ones. Decoders ignore those two, so without this check four
 * strings would verify for every token (a "tampered" copy that still works,
 * and a token that no longer matches itself in a revocation list or a log
 * search). Only the canonical one, with the unused bits zero, is accepted.
 */
const CANONICAL_SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/**
 * Check a token. Order matters: a signature is only computed for a
 * well-formed token of a known board, and "stale" is only reported for a
 * token whose signature was genuinely valid under its (old) epoch.
 */
export function verify(
  token: string | null | undefined,
  keysFor: (boardId: BoardId) => BoardKeys | null,
  nowMs: number = Date.now(),
): VerifyResult {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, reason: 'malformed' };
  }
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts as [string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(payload) || !CANONICAL_SIGNATURE.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  let claims: TokenClaims;
  try {
    const parsed = tokenClaimsSchema.safeParse(JSON.parse(base64UrlDecode(payload)));
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    claims = parsed.data as TokenClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const keys = keysFor(claims.b);
  if (!keys) return { ok: false, reason: 'unknown-board' };
  if (claims.e > keys.currentEpoch) return { ok: false, reason: 'bad-signature' };
  const expected = mac(payload, keys.keyFor(claims.e));
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (claims.e !== keys.currentEpoch) return { ok: false, reason: 'stale-epoch' };
  if (claims.x !== undefined && claims.x * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
