/**
 * A room's awareness (cursors, names): relayed between its peers, never
 * stored. It runs on its own small doc, not the room's: the content doc
 * comes and goes with hibernation (and Awareness destroys itself when its
 * doc is destroyed). A client id belongs to whoever set it first (a peer
 * here, or another process); the extensions decide which entries pass and
 * what they may say (`beforeAwareness`; server/sync/extensions/awareness-policy.ts).
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessMessage, decodeAwarenessUpdate, encodeAwarenessEntries } from '../protocol';
import { SharedFrame } from '../shared-frame';
import type { RoomHookRunner } from './hooks';
import { REMOTE, peerOf, peerOrigin, type RoomOrigin } from './origins';
import type { Peer } from './peer';

export class AwarenessRelay {
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
  /** awareness client id → who set it first: no spoofing another's cursor */
  private readonly owners = new Map<number, RoomOrigin>();

  constructor(
    private readonly peers: ReadonlySet<Peer>,
    private readonly hooks: RoomHookRunner,
  ) {
    this.awareness.setLocalState(null); // the server is not a participant
    this.awareness.on('update', this.onUpdate);
  }

  /** Current states, as one message for a new peer or a query-awareness message. */
  snapshot(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    if (clients.length === 0) return null;
    return awarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Relay an awareness update from a peer here, or (REMOTE) from another process. */
  apply(update: Uint8Array, from: Peer | typeof REMOTE): 'ok' | 'malformed' {
    let entries;
    try {
      entries = decodeAwarenessUpdate(update);
    } catch {
      return 'malformed';
    }
    const origin = from === REMOTE ? REMOTE : peerOrigin(from as Peer);
    const allowed = this.hooks.filterAwareness(entries, origin);
    for (const entry of allowed) {
      if (origin === REMOTE && entry.json === 'null') this.owners.delete(entry.clientId);
      else if (origin === REMOTE || !this.owners.has(entry.clientId)) this.owners.set(entry.clientId, origin);
    }
    if (allowed.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), origin);
    return 'ok';
  }

  owner(clientId: number): RoomOrigin | undefined {
    return this.owners.get(clientId);
  }

  heldBy(origin: RoomOrigin): number {
    let held = 0;
    for (const owner of this.owners.values()) if (owner === origin) held++;
    return held;
  }

  /** The states of this process's own sockets, encoded (null: none). */
  local(): Uint8Array | null {
    const states = this.awareness.getStates();
    const local = [...this.owners].filter(([id, owner]) => owner.source === 'peer' && states.has(id)).map(([id]) => id);
    return local.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, local);
  }

  /** A peer left: its states go, and the others are told. */
  removePeer(peer: Peer): void {
    const origin = peerOrigin(peer);
    const owned: number[] = [];
    for (const [clientId, owner] of this.owners) {
      if (owner === origin) {
        owned.push(clientId);
        this.owners.delete(clientId);
      }
    }
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, origin);
  }

  destroy(): void {
    this.awareness.off('update', this.onUpdate);
    this.awareness.destroy();
    this.awareness.doc.destroy();
  }

  private readonly onUpdate = (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const clients = [...change.added, ...change.updated, ...change.removed];
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients);
    const from = origin === 'timeout' ? 'timeout' : (origin as RoomOrigin);
    const except = from === 'timeout' ? null : peerOf(from);
    const message = new SharedFrame(awarenessMessage(update));
    for (const peer of this.peers) if (peer !== except) peer.send(message);
    if (from === 'timeout') {
      // Each process times out its own copy of another's states; forget who owned the ids that went.
      for (const clientId of change.removed) if (this.owners.get(clientId) === REMOTE) this.owners.delete(clientId);
    }
    this.hooks.each('onAwareness', (hook) => hook.onAwareness?.(update, from));
  };
}
