/**
 * Access to a board over the API: token → claims → may this token act on
 * this board. Throws DomainErrors (server/http/errors.ts gives them their
 * statuses), so it knows nothing of HTTP; callers hand it the board id the
 * request names and the token it carries (tokenFromRequest).
 *
 * A bad token and a token for a board that does not exist are refused
 * alike (`unauthorized`), so ids cannot be probed with made-up tokens.
 */
import type { TokenClaims } from '@/lib/board/access';
import { isBoardId } from '@/lib/board/ids';
import { DomainError } from '../errors';
import type { BoardRow, DocStore } from '../persistence/types';
import { authenticate } from './authenticate';

export type BoardAccess = { readonly claims: TokenClaims; readonly board: BoardRow };

export type AuthorizeDeps = { readonly config: { readonly secret: Buffer }; readonly store: DocStore };

/** The claims and board row of `token`, when it is a valid token for board `boardId`. */
export async function authorizeBoard(boardId: string | undefined, token: string | null, deps: AuthorizeDeps): Promise<BoardAccess> {
  const id = boardId ?? '';
  if (!isBoardId(id)) throw new DomainError('not-found', 'no such board');
  if (!token) throw new DomainError('unauthorized', 'a token is required (Authorization: Bearer …)');
  const auth = await authenticate(token, deps.store, deps.config.secret);
  if (!auth.ok) throw new DomainError('unauthorized', 'the token is not valid');
  if (auth.claims.b !== id) throw new DomainError('forbidden', 'the token is for another board');
  return { claims: auth.claims, board: auth.board };
}

/** Facilitator-only actions (link rotation): `forbidden` for anyone else, saying what they tried. */
export function assertFacilitator(claims: Pick<TokenClaims, 'r'>, doing: string): void {
  if (claims.r !== 'facilitator') throw new DomainError('forbidden', `only the facilitator can ${doing}`);
}

/**
 * A party token must name one of the board's parties. No such token is ever
 * minted; checked anyway because the party id picks which lane is loaded.
 */
export function assertKnownParty(claims: Pick<TokenClaims, 'r' | 'p'>, board: Pick<BoardRow, 'parties'>): void {
  if (claims.r !== 'party') return;
  const partyId = claims.p ?? null;
  if (!board.parties.some((p) => p.id === partyId)) throw new DomainError('forbidden', 'the token is for a party this board does not have');
}
