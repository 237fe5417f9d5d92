/**
 * The publisher keeps the state room's derived maps (`scoreProgress`,
 * `raters`, `raterSlots`, `publishedRatings`, `authorship`) equal to what the party lanes,
 * the joint board's options and the board's settings say they should hold
 * (see publication.ts). It never reveals anything by itself: a reveal is a
 * settings/reveal action (`apply`) by the facilitator, or by consent of every
 * party on an unfacilitated board (consent.ts). What the lanes and the joint
 * board hold — documents the parties write — decides what is published only
 * through the flags those actions set, never whether a flag is set.
 *
 * When it runs:
 *  - a loaded lane takes an update (its `ratings`, `members` and
 *    `proposals` are nearly all a lane holds; rooms keep their document
 *    encoded, so there is no Yjs observer to be more precise with);
 *  - the joint board takes an update that may change its set of options
 *    (update-filter.ts), while the board's state room is loaded (somebody
 *    is looking at the board);
 *  - the state room loads (so nobody is ever served a stale state for long);
 *  - every settings or reveal action, which runs its change and the
 *    publication in ONE state-room transaction (`apply`).
 * Triggers are coalesced per board — those from room updates over
 * UPDATE_COALESCE_MS (a run reads every lane from its encoded form, ~5 ms
 * each for a typical board, so a burst of ratings makes a few runs, not
 * one per rating), the state room's load at the next turn — and one more
 * run follows if something changes while a run is in progress; runs of one
 * board never overlap. The joint board's option ids are kept per loaded
 * joint room until it takes another update (`Room.version`): lanes change
 * far more often than the set of options. Each run loads what it needs through the room registry
 * (lanes of parties nobody has open included), reads only what is stored
 * (`Room.read`: encoded rooms stay encoded), and writes only the keys whose value changed, so clients receive small
 * updates and an unchanged board causes no write at all.
 */
import type * as Y from 'yjs';
import { readAuthorship, readLaneRatings, readMembers, readOptions, type RaterName } from '@/lib/board/board-data';
import { isPartyId, type BoardId, type PartyId } from '@/lib/board/ids';
import { readRaterSlots } from '@/lib/board/rating-entries';
import { serverOrigin } from '@/lib/board/origins';
import { jointRoom, laneRoom, stateRoom, type RoomRef } from '@/lib/board/rooms';
import { ROOT, flatMap } from '@/lib/board/schema';
import { readBoardState, writeStateFields, type BoardState } from '@/lib/board/state';
import { DomainError, isDomainError } from '../errors';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DocStore } from '../persistence/types';
import type { RoomExtension, RoomHooks } from '../sync/room/extension';
import type { Room } from '../sync/room/room';
import type { RoomRegistry } from '../sync/rooms';
import { derivePublication, type LaneInput, type Publication } from './publication';
import { mayChangeKeysOf } from './update-filter';

export type StateFields = Partial<Omit<BoardState, 'phase' | 'phaseChangedAt'>>;

/**
 * A settings or reveal action: given the state as it is right now, refuse
 * (throw, e.g. a DomainError) or return the fields to write. It is called once
 * before the lanes are loaded (to refuse early) and once more in the write
 * itself, so it must be pure. `board.parties` are the board's parties, in board order.
 */
export type StateChange = (state: BoardState, board: { readonly parties: readonly PartyId[] }) => StateFields;

export type PublishResult = {
  readonly state: BoardState;
  readonly scoresPublished: boolean;
  readonly authorshipPublished: boolean;
  readonly scoreProgress: Readonly<Record<string, number>>;
};

export type PublisherDeps = {
  readonly registry: RoomRegistry;
  readonly store: DocStore;
  readonly log: Logger;
  readonly metrics?: Metrics;
  readonly isClosing?: () => boolean;
};

/** How long triggers from room updates are gathered into one run. */
export const UPDATE_COALESCE_MS = 100;

type BoardQueue = { tail: Promise<unknown>; size: number };

/** Thrown when a room is read-only (newer document), failed, or cannot store (database away): nothing is written. */
export function assertWritable(room: Room): void {
  if (room.readOnly) throw new DomainError('read-only', 'the board was written by a newer server version');
  if (room.failed || room.storageDegraded) throw new DomainError('unavailable', 'the board is unavailable; try again');
}

export class Publisher implements RoomExtension {
  private readonly queues = new Map<string, BoardQueue>();
  /** boards with a run scheduled, and the timer (or immediate) that starts it */
  private readonly scheduled = new Map<string, { cancel: () => void }>();
  private closed = false;
  /** a joint room's option ids, as of its `version` (dropped with the room) */
  private readonly optionIdsOf = new WeakMap<Room, { readonly version: number; readonly ids: ReadonlySet<string> }>();
  readonly name = 'publisher';

  constructor(private readonly deps: PublisherDeps) {}

  /**
   * Stop for good (server shutdown, before the registry closes): no more
   * reacting to rooms (its hooks go quiet), runs gathered but not started are dropped (their
   * timers cleared: nothing fires after close), and queued runs and later
   * `apply`s are refused (`unavailable`). A run already past its checks
   * ends with its rooms when the registry closes; close does not wait for
   * it, since a run waiting on an unreachable database would hold shutdown
   * up for as long. Idempotent.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { cancel } of this.scheduled.values()) cancel();
    this.scheduled.clear();
  }

  /**
   * As a room extension: a state room publishes once loaded; a lane's every
   * update, and a joint update that may change the set of options, publish
   * their board (gathered for UPDATE_COALESCE_MS).
   */
  attach(room: Room): RoomHooks {
    let loaded = false;
    const onChange = this.triggerOf(room);
    return {
      onLoad: () => {
        loaded = true;
        if (room.ref.kind === 'state' && !room.readOnly) this.schedule(room.ref.boardId);
      },
      onChange: (update) => {
        if (loaded && !this.closed) onChange?.(update);
      },
    };
  }

  /** Publish `boardId` soon: after `delayMs` (0: the next turn), coalesced with every trigger until then. */
  schedule(boardId: BoardId, delayMs = 0): void {
    if (this.closed || this.scheduled.has(boardId) || this.deps.isClosing?.()) return;
    const run = () => {
      this.enqueue(boardId, () => {
        this.scheduled.delete(boardId);
        return this.publish(boardId);
      }).catch((error: unknown) => this.report(boardId, error));
    };
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      this.scheduled.set(boardId, { cancel: () => clearTimeout(timer) });
    } else {
      const immediate = setImmediate(run);
      this.scheduled.set(boardId, { cancel: () => clearImmediate(immediate) });
    }
  }

  /**
   * Run a settings/reveal change and the publication it implies in one
   * state-room transaction, stored and broadcast before this resolves.
   */
  apply(boardId: BoardId, change: StateChange): Promise<PublishResult> {
    return this.enqueue(boardId, () => this.publish(boardId, change));
  }

  /** What an update of `room` triggers (null: nothing; a state room's own updates are the publisher's). */
  private triggerOf(room: Room): ((update: Uint8Array) => void) | null {
    const ref = room.ref;
    switch (ref.kind) {
      case 'state':
        return null;
      case 'lane':
        return () => this.schedule(ref.boardId, UPDATE_COALESCE_MS);
      case 'joint':
        // Only the set of options matters here (not edits inside an option),
        // and only while someone has the board's state room open: otherwise
        // the state room's own load publishes.
        return (update) => {
          if (this.deps.registry.isLoaded(stateRoom(ref.boardId)) && mayChangeKeysOf(update, ROOT.options)) {
            this.schedule(ref.boardId, UPDATE_COALESCE_MS);
          }
        };
    }
  }

  /** Runs of one board run one after another. */
  private enqueue<T>(boardId: string, job: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(boardId);
    if (!queue) this.queues.set(boardId, (queue = { tail: Promise.resolve(), size: 0 }));
    const q = queue;
    q.size++;
    const result = q.tail.then(job);
    q.tail = result
      .catch(() => {})
      .finally(() => {
        if (--q.size === 0 && this.queues.get(boardId) === q) this.queues.delete(boardId);
      });
    return result;
  }

  private report(boardId: string, error: unknown): void {
    const quiet =
      this.closed ||
      this.deps.isClosing?.() ||
      isDomainError(error, 'read-only', 'unavailable') ||
      (error instanceof Error && error.message === 'server is shutting down');
    if (quiet) this.deps.log.debug({ board: boardId, err: error }, 'publication skipped');
    else this.deps.log.warn({ board: boardId, err: error }, 'publication failed');
  }

  private async publish(boardId: BoardId, change?: StateChange): Promise<PublishResult> {
    this.assertOpen();
    const end = this.deps.metrics?.publishSeconds.startTimer();
    try {
      return await this.run(boardId, change);
    } finally {
      end?.();
    }
  }

  private async run(boardId: BoardId, change?: StateChange): Promise<PublishResult> {
    const board = await this.deps.store.getBoard(boardId);
    if (!board) throw new DomainError('not-found', 'no such board');
    const parties = board.parties.map((p) => p.id).filter(isPartyId);
    const { registry } = this.deps;
    return registry.withRoom(stateRoom(boardId), async (state) => {
      assertWritable(state);
      if (change) change(state.read(readBoardState), { parties }); // refuse before loading anything more
      const refs = [jointRoom(boardId), ...parties.map((p) => laneRoom(boardId, p))];
      return withRooms(registry, refs, async ([joint, ...lanes]) => {
        for (const room of [joint!, ...lanes]) if (room.failed) throw new DomainError('unavailable', 'the board is unavailable; try again');
        // Publish only what is stored: nothing derived from an update a crash could take back.
        await Promise.all([joint!, ...lanes].map((room) => room.flush()));
        this.assertOpen();
        assertWritable(state);
        // Read and written in one synchronous stretch: nothing can change in between.
        const optionIds = this.optionIds(joint!);
        const laneInputs = lanes.map((room, i) => room.read((doc) => laneInput(doc, parties[i]!)));
        let result!: PublishResult;
        await state.serverWrite((doc) => {
          result = this.write(doc, parties, optionIds, laneInputs, change);
        });
        return result;
      });
    });
  }

  /** Synchronous: read everything, decide, and write the difference in one transaction. */
  private write(
    doc: Y.Doc,
    parties: readonly PartyId[],
    optionIds: ReadonlySet<string>,
    laneInputs: readonly LaneInput[],
    change: StateChange | undefined,
  ): PublishResult {
    const current = readBoardState(doc);
    const fields: StateFields = change ? { ...change(current, { parties }) } : {};
    const next: BoardState = { ...current, ...defined(fields) };
    const slots = readRaterSlots(flatMap(doc, ROOT.raterSlots));
    // No auto-reveal ("everyone rated everything" used to set scoresRevealed
    // here): which options exist and who rated them are written by the
    // parties, so they must never decide a reveal (docs/decisions.md).
    const publication = derivePublication({ state: next, optionIds, lanes: laneInputs, slots });

    const changed = Object.fromEntries(
      Object.entries(defined(fields)).filter(([key, value]) => !sameValue(current[key as keyof BoardState], value)),
    ) as StateFields;
    doc.transact(() => {
      if (Object.keys(changed).length > 0) writeStateFields(doc, changed, 'facilitation');
      syncMap(flatMap(doc, ROOT.scoreProgress), publication.scoreProgress);
      syncMap(flatMap(doc, ROOT.raters), publication.raters);
      syncMap(flatMap(doc, ROOT.raterSlots), publication.raterSlots);
      syncMap(flatMap(doc, ROOT.publishedRatings), publication.publishedRatings);
      syncMap(flatMap(doc, ROOT.authorship), publication.authorship);
    }, serverOrigin('publish'));
    return summary(readBoardState(doc), publication);
  }

  /** The joint board's option ids: kept until the room takes another update. */
  private optionIds(joint: Room): ReadonlySet<string> {
    const kept = this.optionIdsOf.get(joint);
    if (kept && kept.version === joint.version) return kept.ids;
    const ids: ReadonlySet<string> = joint.read((doc) => new Set(readOptions(doc).map((o) => o.id)));
    this.optionIdsOf.set(joint, { version: joint.version, ids });
    return ids;
  }

  private assertOpen(): void {
    if (this.closed || this.deps.isClosing?.()) throw new DomainError('unavailable', 'the server is shutting down');
  }
}

/** What the publication needs from a lane. */
function laneInput(doc: Y.Doc, partyId: PartyId): LaneInput {
  return {
    partyId,
    ratings: readLaneRatings(doc, partyId),
    members: readMembers(doc),
    proposals: Object.keys(readAuthorship(undefined, { doc, partyId })),
  };
}

function summary(state: BoardState, publication: Publication): PublishResult {
  return {
    state,
    scoresPublished: publication.scoresPublished,
    authorshipPublished: publication.authorshipPublished,
    scoreProgress: Object.fromEntries(publication.scoreProgress),
  };
}

/** Hold every room of `refs` (loading each as needed) while `action` runs. */
function withRooms<T>(registry: RoomRegistry, refs: readonly RoomRef[], action: (rooms: Room[]) => Promise<T>): Promise<T> {
  const [first, ...rest] = refs;
  if (!first) return action([]);
  return registry.withRoom(first, (room) => withRooms(registry, rest, (others) => action([room, ...others])));
}

function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return (
    ka.length === kb.length &&
    ka.every((key, i) => key === kb[i] && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}

/** Make `map` hold exactly `desired`, touching only keys that differ. */
function syncMap(map: Y.Map<unknown>, desired: ReadonlyMap<string, number | string | RaterName>): void {
  for (const key of [...map.keys()]) if (!desired.has(key)) map.delete(key);
  for (const [key, value] of desired) if (!sameValue(map.get(key), value)) map.set(key, value);
}
