/**
 * Storing a new board: a fresh id, the board row and the first update of its
 * joint and state documents (and of any lane it starts with), written in ONE
 * database transaction (all or nothing), then its capability links. Shared by `POST /api/boards` (empty
 * board from a form) and `POST /api/boards/import` (a board from an export
 * file), so both answer in the same shape.
 */
import * as Y from 'yjs';
import type { CreatedParty } from '@/lib/board/create';
import { newBoardId, type BoardId, type PartyId } from '@/lib/board/ids';
import { jointRoom, laneRoom, roomName, stateRoom } from '@/lib/board/rooms';
import type { Config } from '../config';
import { mintLinks, type BoardLinks } from '../auth/links';
import { DomainError } from '../errors';
import type { BoardRow, DocStore } from '../persistence/types';

export type NewBoard = {
  readonly title: string;
  readonly createdAt: number;
  readonly parties: readonly CreatedParty[];
  /** the initial documents, already written (initializeJointDoc / importIntoDocs) */
  readonly joint: Y.Doc;
  readonly state: Y.Doc;
  /** initial lane documents, for parties that start with something in their lane (an import) */
  readonly lanes?: readonly { readonly partyId: PartyId; readonly doc: Y.Doc }[];
};

/** A new board whose documents are already encoded (an import, built in its worker thread). */
export type EncodedBoard = {
  readonly title: string;
  readonly createdAt: number;
  readonly parties: readonly CreatedParty[];
  readonly joint: Uint8Array;
  readonly state: Uint8Array;
  readonly lanes?: readonly { readonly partyId: PartyId; readonly data: Uint8Array }[];
};

export type StoredBoard = { readonly id: BoardId; readonly links: BoardLinks };

/**
 * Store `board` under a fresh id and mint its links (pointing at `origin`).
 * The caller owns the documents (and destroys them). A document larger than
 * MAX_DOCUMENT_BYTES is refused (`too-large`): nobody could add anything to it.
 */
export async function storeNewBoard(
  deps: { readonly config: Config; readonly store: DocStore },
  origin: string,
  board: NewBoard,
  id: BoardId = newBoardId(),
): Promise<StoredBoard> {
  return storeEncodedBoard(
    deps,
    origin,
    {
      title: board.title,
      createdAt: board.createdAt,
      parties: board.parties,
      joint: Y.encodeStateAsUpdate(board.joint),
      state: Y.encodeStateAsUpdate(board.state),
      lanes: (board.lanes ?? []).map((lane) => ({ partyId: lane.partyId, data: Y.encodeStateAsUpdate(lane.doc) })),
    },
    id,
  );
}

/** `storeNewBoard` for documents already encoded (their first updates). */
export async function storeEncodedBoard(
  deps: { readonly config: Config; readonly store: DocStore },
  origin: string,
  board: EncodedBoard,
  id: BoardId = newBoardId(),
): Promise<StoredBoard> {
  const row: BoardRow = {
    id,
    title: board.title,
    createdAt: board.createdAt,
    epoch: 0,
    parties: board.parties.map((p) => ({ id: p.id, name: p.name, color: p.color })),
  };
  const updates = [
    { room: roomName(jointRoom(id)), data: board.joint },
    { room: roomName(stateRoom(id)), data: board.state },
    ...(board.lanes ?? []).map((lane) => ({ room: roomName(laneRoom(id, lane.partyId)), data: lane.data })),
  ];
  const limit = deps.config.limits.maxDocumentBytes;
  if (updates.some((u) => u.data.byteLength > limit)) {
    throw new DomainError('too-large', `the board would be larger than the server's limit of ${limit} bytes`);
  }
  // Board row and every document's first update commit together or not at all.
  await deps.store.createBoard(row, updates);
  return { id, links: mintLinks(deps.config.secret, origin, row, row.epoch) };
}
