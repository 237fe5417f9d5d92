/**
 * BoardSession: one person's live connection to a board — the joint room,
 * their party's lane (party links only) and the server-owned state room —
 * each a Y.Doc with a y-websocket provider and an IndexedDB cache, so edits
 * made offline survive a reload and merge when the server is back.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { canEdit, readClaimsUnverified, type TokenClaims } from '@/lib/board/access';
import { bindBoardActions, type BoardActions } from '@/lib/board/actions';
import type { BoardId } from '@/lib/board/ids';
import { LOCAL_ORIGIN } from '@/lib/board/origins';
import { jointRoom, laneRoom, roomName, stateRoom, type RoomRef } from '@/lib/board/rooms';
import { joinAsMember } from '@/lib/board/scoring';
import { LinkedUndo } from '@/lib/board/undo';
import { BoardStore } from '@/lib/board/store';
import { loadParticipantId } from './local-boards';
import { AWARENESS_ACTIVITY_FIELD, AWARENESS_USER_FIELD, NO_ACTIVITY, readPeers, samePeers, type Activity, type LocalUser, type Peer } from './presence';
import { SyncStatusTracker, type SyncState } from './sync-status';

export type { SyncState, SyncStatus } from './sync-status';
export type { Peer } from './presence';

export type OpenSessionInput = {
  readonly boardId: BoardId;
  readonly token: string;
  readonly displayName: string;
  /** ws(s)://host/sync; derived from the page's location when omitted */
  readonly serverUrl?: string;
  /** keep an IndexedDB copy for offline work (default: when IndexedDB exists) */
  readonly offlineCache?: boolean;
  /** WebSocket implementation for Node (tests, benchmarks) */
  readonly WebSocketPolyfill?: unknown;
  /** this person's stable id on this board (scores are keyed by it); kept in the browser when omitted */
  readonly participantId?: string;
};

type RoomConnection = {
  readonly ref: RoomRef;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly cache: IndexeddbPersistence | null;
};

export class BoardSession {
  readonly store: BoardStore;
  readonly actions: BoardActions;
  readonly canEdit: boolean;
  private readonly rooms: RoomConnection[];
  private readonly joint: RoomConnection;
  private readonly undoManager = new LinkedUndo();
  readonly participantId: string;
  private readonly sync = new SyncStatusTracker();
  private peers: Peer[] = [];
  private readonly presenceListeners = new Set<() => void>();
  private destroyed = false;
  private displayName: string;
  private activity: Activity = NO_ACTIVITY;

  private constructor(
    readonly boardId: BoardId,
    readonly claims: TokenClaims,
    input: OpenSessionInput,
  ) {
    this.canEdit = canEdit(claims);
    this.displayName = input.displayName;
    const serverUrl = input.serverUrl ?? defaultServerUrl();
    const useCache = input.offlineCache ?? typeof indexedDB !== 'undefined';
    const refs: RoomRef[] = [jointRoom(boardId), stateRoom(boardId)];
    if (claims.r === 'party' && claims.p) refs.push(laneRoom(boardId, claims.p));
    this.rooms = refs.map((ref) => this.connect(ref, serverUrl, input, useCache));
    this.joint = this.rooms[0]!;
    const state = this.rooms[1]!;
    const lane = this.rooms[2];

    this.store = new BoardStore({ joint: this.joint.doc, state: state.doc, lane: lane && claims.p ? { doc: lane.doc, partyId: claims.p } : undefined }, (problem) =>
      console.warn('[common-ground] skipped a malformed record', problem),
    );
    this.participantId = input.participantId ?? loadParticipantId(boardId);
    this.actions = bindBoardActions(
      { joint: this.joint.doc, lane: lane?.doc, partyId: claims.p ?? null, participantId: this.participantId },
      () => this.mayWrite(),
    );
    this.undoManager.track(this.joint.doc, 'joint');
    if (lane) {
      this.undoManager.track(lane.doc, 'lane');
      // Once the lane is synced, make sure this person is listed among the party's members —
      // unless this client may not write (a lane or board newer than this code: it stays untouched).
      const join = (synced: boolean) => {
        if (synced && this.mayWrite()) joinAsMember(lane.doc, this.participantId, this.displayName);
      };
      lane.provider.on('sync', join);
    }

    const awareness = this.joint.provider.awareness;
    this.setLocalUser({ name: input.displayName, partyId: claims.p ?? null, role: claims.r });
    awareness.on('change', this.refreshPeers);
    this.refreshPeers();
    // A browser keeps a WebSocket open for a while after the network drops; follow
    // its own offline/online signal so the sync status tells the truth at once.
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.goOffline);
      window.addEventListener('online', this.goOnline);
    }
  }

  /** Open a session from a capability token (read from the link's fragment). */
  static open(input: OpenSessionInput): BoardSession {
    const claims = readClaimsUnverified(input.token);
    if (!claims || claims.b !== input.boardId) throw new Error('This link is not valid for this board.');
    return new BoardSession(input.boardId, claims, input);
  }

  undo(): void {
    if (this.mayWrite()) this.undoManager.undo();
  }

  redo(): void {
    if (this.mayWrite()) this.undoManager.redo();
  }

  setDisplayName(name: string): void {
    this.displayName = name;
    this.setLocalUser({ name, partyId: this.claims.p ?? null, role: this.claims.r });
  }

  /** Presence: the phase whose workspace this person is looking at. */
  setView(view: Activity['view']): void {
    this.setActivity({ view });
  }

  /** Presence: the record this person is editing (null when done). Publish only ids of shared records. */
  setEditing(recordId: string | null): void {
    this.setActivity({ editing: recordId });
  }

  /** Presence: the option this person is dragging (null on drop or cancel). The document changes only on drop. */
  setDragging(optionId: string | null): void {
    this.setActivity({ dragging: optionId });
  }

  readonly subscribeUndo = (listener: () => void) => this.undoManager.subscribe(listener);
  readonly canUndo = (): boolean => this.undoManager.canUndo();
  readonly canRedo = (): boolean => this.undoManager.canRedo();

  readonly subscribeSync = (listener: () => void) => this.sync.subscribe(listener);
  readonly getSyncState = (): SyncState => this.sync.getState();

  readonly subscribePresence = (listener: () => void): (() => void) => {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  };
  readonly getPresence = (): readonly Peer[] => this.peers;

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.goOffline);
      window.removeEventListener('online', this.goOnline);
    }
    this.joint.provider.awareness.off('change', this.refreshPeers);
    this.undoManager.destroy();
    this.store.destroy();
    for (const room of this.rooms) {
      room.provider.destroy();
      void room.cache?.destroy();
      room.doc.destroy();
    }
  }

  // -------------------------------------------------------------------------

  private mayWrite(): boolean {
    return this.canEdit && this.store.getCompatibility() === 'ok' && !this.destroyed;
  }

  private connect(ref: RoomRef, serverUrl: string, input: OpenSessionInput, useCache: boolean): RoomConnection {
    const name = roomName(ref);
    const doc = new Y.Doc();
    // Cache only the rooms this person may write or read; the state room is server-owned and small.
    const cache = useCache ? new IndexeddbPersistence(`common-ground:${name}`, doc) : null;
    const provider = new WebsocketProvider(serverUrl, name, doc, {
      params: { token: input.token },
      // Every tab talks to the server; cross-tab shortcuts would hide server problems.
      disableBc: true,
      ...(input.WebSocketPolyfill ? { WebSocketPolyfill: input.WebSocketPolyfill as typeof WebSocket } : {}),
    });
    this.sync.addRoom(name);
    provider.on('status', ({ status }) => {
      if (status === 'connected') this.sync.update(name, { connected: true });
      if (status === 'disconnected') this.sync.update(name, { connected: false, synced: false, everFailed: true });
    });
    provider.on('sync', (synced: boolean) => this.sync.update(name, { synced }));
    provider.on('connection-error', () => this.sync.update(name, { everFailed: true }));
    provider.on('closed', ({ code }) => {
      if (code === 4401 || code === 4403) this.sync.update(name, { denied: true, everFailed: true });
    });
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL_ORIGIN || origin instanceof Y.UndoManager) this.sync.noteLocalChange();
    });
    return { ref, doc, provider, cache };
  }

  private setActivity(patch: Partial<Activity>): void {
    const next = { ...this.activity, ...patch };
    if (next.view === this.activity.view && next.editing === this.activity.editing && next.dragging === this.activity.dragging) return;
    this.activity = next;
    if (!this.destroyed) this.joint.provider.awareness.setLocalStateField(AWARENESS_ACTIVITY_FIELD, next);
  }

  private setLocalUser(user: LocalUser): void {
    this.joint.provider.awareness.setLocalStateField(AWARENESS_USER_FIELD, user);
  }

  private readonly goOffline = (): void => {
    for (const room of this.rooms) room.provider.disconnect();
  };

  private readonly goOnline = (): void => {
    if (!this.destroyed) for (const room of this.rooms) room.provider.connect();
  };

  private readonly refreshPeers = (): void => {
    const awareness = this.joint.provider.awareness;
    const next = readPeers(awareness.getStates() as Map<number, Record<string, unknown>>, awareness.clientID);
    if (samePeers(next, this.peers)) return;
    this.peers = next;
    for (const listener of [...this.presenceListeners]) listener();
  };
}

function defaultServerUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/sync`;
}
