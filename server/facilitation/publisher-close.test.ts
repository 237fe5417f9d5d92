/**
 * Publisher.close(): the server closes it before its rooms, so nothing it
 * gathered may start a run afterwards, and later actions are refused. Each
 * test runs an open publisher beside the closed one: the open one's run
 * (waited for) is the positive control that the closed one's would have
 * started by then.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BoardId } from '@/lib/board/ids';
import { isDomainError } from '../errors';
import type { Logger } from '../log';
import type { DocStore } from '../persistence/types';
import type { RoomRegistry } from '../sync/rooms';
import { waitFor } from '../test/harness';
import { Publisher, UPDATE_COALESCE_MS } from './publisher';

const board = 'AAAAAAAAAAAAAAAAAAAAAA' as BoardId;
const other = 'BBBBBBBBBBBBBBBBBBBBBB' as BoardId;

function fakes() {
  const seen = { boardReads: 0 };
  const registry = { isLoaded: () => false } as unknown as RoomRegistry;
  // A run starts by reading the board row: counting reads counts runs.
  const store = { getBoard: async () => (seen.boardReads++, null) } as unknown as DocStore;
  const quiet = () => {};
  const log = { debug: quiet, info: quiet, warn: quiet, error: quiet } as unknown as Logger;
  return { seen, publisher: new Publisher({ registry, store, log }) };
}

test('runs scheduled before close never start (an open publisher, scheduled alike, runs both)', async () => {
  const closed = fakes();
  const open = fakes();
  for (const { publisher } of [closed, open]) {
    publisher.schedule(board); // the next turn
    publisher.schedule(other, UPDATE_COALESCE_MS); // a gathered batch
  }
  closed.publisher.close();
  closed.publisher.close(); // idempotent
  await waitFor(() => open.seen.boardReads === 2, { what: 'the open publisher to run both boards' });
  assert.equal(closed.seen.boardReads, 0);
  open.publisher.close();
});

test('after close, scheduling is ignored and apply is refused as unavailable', async () => {
  const closed = fakes();
  const open = fakes();
  closed.publisher.close();
  closed.publisher.schedule(board);
  open.publisher.schedule(board);
  await waitFor(() => open.seen.boardReads === 1, { what: 'the open publisher to run' });
  assert.equal(closed.seen.boardReads, 0);
  await assert.rejects(
    closed.publisher.apply(board, () => ({})),
    (error) => isDomainError(error, 'unavailable'),
  );
  open.publisher.close();
});
