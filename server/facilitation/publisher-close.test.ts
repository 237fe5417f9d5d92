/**
 * Publisher.close(): the server closes it before its rooms, so nothing it
 * gathered may start a run afterwards, and it stops listening to rooms.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BoardId } from '@/lib/board/ids';
import { isDomainError } from '../errors';
import type { Logger } from '../log';
import type { DocStore } from '../persistence/types';
import type { RoomRegistry } from '../sync/rooms';
import { Publisher, UPDATE_COALESCE_MS } from './publisher';

const board = 'AAAAAAAAAAAAAAAAAAAAAA' as BoardId;

function fakes() {
  const seen = { boardReads: 0, unsubscribed: 0 };
  const registry = {
    onRoomLoaded: () => () => void seen.unsubscribed++,
    isLoaded: () => false,
  } as unknown as RoomRegistry;
  // A run starts by reading the board row: counting reads counts runs.
  const store = { getBoard: async () => (seen.boardReads++, null) } as unknown as DocStore;
  const quiet = () => {};
  const log = { debug: quiet, info: quiet, warn: quiet, error: quiet } as unknown as Logger;
  return { seen, publisher: new Publisher({ registry, store, log }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('runs scheduled before close never start, and close stops watching rooms (once)', async () => {
  const { seen, publisher } = fakes();
  publisher.schedule(board); // the next turn
  publisher.schedule('BBBBBBBBBBBBBBBBBBBBBB' as BoardId, UPDATE_COALESCE_MS); // a gathered batch
  publisher.close();
  publisher.close();
  await sleep(UPDATE_COALESCE_MS * 2);
  assert.equal(seen.boardReads, 0);
  assert.equal(seen.unsubscribed, 1);
});

test('after close, scheduling is ignored and apply is refused as unavailable', async () => {
  const { seen, publisher } = fakes();
  publisher.close();
  publisher.schedule(board);
  await sleep(10);
  assert.equal(seen.boardReads, 0);
  await assert.rejects(
    publisher.apply(board, () => ({})),
    (error) => isDomainError(error, 'unavailable'),
  );
});

test('without close, a scheduled run does start (the fakes see it)', async () => {
  const { seen, publisher } = fakes();
  publisher.schedule(board);
  await sleep(10);
  assert.equal(seen.boardReads, 1);
  publisher.close();
});
