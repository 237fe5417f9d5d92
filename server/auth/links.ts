/**
 * Capability links: the facilitator, viewer and per-party links of a board at
 * its current epoch, in the shape `POST /api/boards` answers with. Minted
 * from the server secret, so they live with the tokens they carry; used by
 * board creation and import (server/boards/create.ts) and link rotation.
 * Where they point (the origin) is the caller's business (server/http/origin.ts).
 */
import type { TokenClaims } from '@/lib/board/access';
import type { BoardId, PartyId } from '@/lib/board/ids';
import type { BoardRow } from '../persistence/types';
import { boardKey, sign } from './tokens';

export type Link = { readonly url: string; readonly token: string };

export type BoardLinks = {
  readonly facilitator: Link;
  readonly viewer: Link;
  readonly parties: readonly ({ readonly partyId: string; readonly name: string } & Link)[];
};

/** Every link of `board` at `epoch`. The token rides in the URL fragment, never sent to a server. */
export function mintLinks(secret: Buffer, origin: string, board: Pick<BoardRow, 'id' | 'parties'>, epoch: number): BoardLinks {
  const id = board.id as BoardId;
  const key = boardKey(secret, id, epoch);
  const link = (claims: TokenClaims): Link => {
    const token = sign(claims, key);
    return { url: `${origin}/b/${id}#t=${token}`, token };
  };
  return {
    facilitator: link({ v: 1, b: id, r: 'facilitator', e: epoch }),
    viewer: link({ v: 1, b: id, r: 'viewer', e: epoch }),
    parties: board.parties.map((p) => ({
      partyId: p.id,
      name: p.name,
      ...link({ v: 1, b: id, r: 'party', p: p.id as PartyId, e: epoch }),
    })),
  };
}
