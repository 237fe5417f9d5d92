/**
 * A board is three kinds of Yjs document, each a room on the sync server, so
 * that what must stay secret is never in a document the other side can load:
 *   - `BOARD_ID`                  the joint board (everyone reads; parties and facilitator write)
 *   - `BOARD_ID/party/PARTY_ID`   one party's private lane (only that party)
 *   - `BOARD_ID/state`            written only by the server (phase, timer, reveals)
 */
import { isBoardId, isPartyId, type BoardId, type PartyId } from './ids';

export type RoomRef =
  | { kind: 'joint'; boardId: BoardId }
  | { kind: 'lane'; boardId: BoardId; partyId: PartyId }
  | { kind: 'state'; boardId: BoardId };

export type RoomKind = RoomRef['kind'];

export const MAX_ROOM_NAME_LENGTH = 64;

export function roomName(ref: RoomRef): string {
  switch (ref.kind) {
    case 'joint':
      return ref.boardId;
    case 'lane':
      return `${ref.boardId}/party/${ref.partyId}`;
    case 'state':
      return `${ref.boardId}/state`;
  }
}

/** Strict parse: anything that is not exactly one of the three shapes is null. */
export function parseRoomName(name: string): RoomRef | null {
  if (typeof name !== 'string' || name.length > MAX_ROOM_NAME_LENGTH) return null;
  const parts = name.split('/');
  const [boardId, second, third] = parts;
  if (!isBoardId(boardId)) return null;
  if (parts.length === 1) return { kind: 'joint', boardId };
  if (parts.length === 2 && second === 'state') return { kind: 'state', boardId };
  if (parts.length === 3 && second === 'party' && isPartyId(third)) {
    return { kind: 'lane', boardId, partyId: third };
  }
  return null;
}

export const jointRoom = (boardId: BoardId): RoomRef => ({ kind: 'joint', boardId });
export const laneRoom = (boardId: BoardId, partyId: PartyId): RoomRef => ({ kind: 'lane', boardId, partyId });
export const stateRoom = (boardId: BoardId): RoomRef => ({ kind: 'state', boardId });
