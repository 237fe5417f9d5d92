/**
 * Capability links: the facilitator, viewer and per-party links of a board at
 * its current epoch, in the shape `POST /api/boards` answers with, and the
 * origin they point at. Used by board creation, import and link rotation.
 */
import type { IncomingMessage } from 'node:http';
import type { TokenClaims } from '@/lib/board/access';
import type { BoardId, PartyId } from '@/lib/board/ids';
import { boardKey, sign } from '../auth/tokens';
import type { Config } from '../config';
import type { BoardRow } from '../persistence/types';
import { HttpError } from './respond';

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
