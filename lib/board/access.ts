/**
 * Capability tokens and the access policy, shared by the server (which signs
 * and enforces) and the client (which only reads its own claims to shape the UI;
 * the server never trusts the client's reading).
 *
 * Token wire format: `base64url(JSON claims) "." base64url(HMAC-SHA256)`.
 * Signing lives in server/auth; this module only knows the claims.
 */
import * as z from 'zod/mini'; // in the browser's first load: see docs/decisions.md
import { BOARD_ID_PATTERN, PARTY_ID_PATTERN, type BoardId, type PartyId } from './ids';
import type { RoomRef } from './rooms';

export const ROLES = ['facilitator', 'party', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const tokenClaimsSchema = z
  .strictObject({
    /** token format version */
    v: z.literal(1),
    /** board id */
    b: z.string().check(z.regex(BOARD_ID_PATTERN)),
    /** role */
    r: z.enum(ROLES),
    /** party id, present exactly when r === 'party' */
    p: z.optional(z.string().check(z.regex(PARTY_ID_PATTERN))),
    /** the board's link epoch: rotating a board's links bumps it and old tokens stop working */
    e: z.int().check(z.nonnegative()),
    /** optional expiry, seconds since the Unix epoch */
    x: z.optional(z.int().check(z.positive())),
  })
  .check(z.refine((c) => (c.r === 'party') === (c.p !== undefined), { message: 'party id goes with the party role only' }));

export type TokenClaims = {
  v: 1;
  b: BoardId;
  r: Role;
  p?: PartyId;
  e: number;
  x?: number;
};

export type Access = 'none' | 'read' | 'write';

/** What a holder of these claims may do in a room. */
export function roomAccess(claims: TokenClaims, room: RoomRef): Access {
  if (claims.b !== room.boardId) return 'none';
  switch (room.kind) {
    case 'joint':
      return claims.r === 'viewer' ? 'read' : 'write';
    case 'lane':
      return claims.r === 'party' && claims.p === room.partyId ? 'write' : 'none';
    case 'state':
      // Nobody but the server writes the state room; its own writes bypass sockets.
      return 'read';
  }
}

export const canEdit = (claims: TokenClaims): boolean => claims.r !== 'viewer';

/** Decode (without verifying) the claims of a token: for the client's own UI only. */
export function readClaimsUnverified(token: string): TokenClaims | null {
  const [payload] = token.split('.');
  if (!payload) return null;
  try {
    const json = JSON.parse(base64UrlDecode(payload));
    const parsed = tokenClaimsSchema.safeParse(json);
    return parsed.success ? (parsed.data as TokenClaims) : null;
  } catch {
    return null;
  }
}

export function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
