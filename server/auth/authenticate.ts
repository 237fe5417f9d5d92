/**
 * Token → claims + board row, for the websocket upgrade and the HTTP API.
 * The board row supplies the epoch (and so the key) to verify against.
 */
import { readClaimsUnverified, type TokenClaims } from '@/lib/board/access';
import type { BoardRow, DocStore } from '../persistence/types';
import { MAX_TOKEN_LENGTH, boardKeys, verify, type VerifyResult } from './tokens';

export type AuthResult =
  | { readonly ok: true; readonly claims: TokenClaims; readonly board: BoardRow }
  | { readonly ok: false; readonly reason: Extract<VerifyResult, { ok: false }>['reason'] };

export async function authenticate(
  token: string | null | undefined,
  store: DocStore,
  secret: Buffer,
  nowMs: number = Date.now(),
): Promise<AuthResult> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  // Only to find which board's key to check with; verify() re-parses and decides.
  const unverified = readClaimsUnverified(token);
  if (!unverified) return { ok: false, reason: 'malformed' };
  const board = await store.getBoard(unverified.b);
  const result = verify(
    token,
    (boardId) => (board && board.id === boardId ? boardKeys(secret, boardId, board.epoch) : null),
    nowMs,
  );
  if (!result.ok) return result;
  return { ok: true, claims: result.claims, board: board! };
}

/** The token of an HTTP request: `Authorization: Bearer …`, else `?token=`. */
export function tokenFromRequest(headers: { authorization?: string }, url: URL): string | null {
  const header = headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  return url.searchParams.get('token');
}
