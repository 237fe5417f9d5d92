/**
 * The sync status the UI shows, computed from the truth the providers give:
 *   connecting  — never synced yet, and no connection has failed so far
 *   synced      — every room's socket is open and has completed its sync handshake
 *   offline     — a connection was lost (or failed) and is not back yet
 * `unsyncedChanges` counts this person's own changes made while not synced;
 * they are sent in the sync handshake when the connection is back, and the
 * count returns to 0 once every room is synced again.
 */
export type SyncStatus = 'connecting' | 'synced' | 'offline';
export type SyncState = {
  readonly status: SyncStatus;
  readonly unsyncedChanges: number;
  /** the server refused this link (close 4401/4403): reconnecting will not help */
  readonly accessDenied: boolean;
};

export type RoomLink = { connected: boolean; synced: boolean; everFailed: boolean; denied: boolean };

export class SyncStatusTracker {
  private readonly rooms = new Map<string, RoomLink>();
  private state: SyncState = { status: 'connecting', unsyncedChanges: 0, accessDenied: false };
  private readonly listeners = new Set<() => void>();

  addRoom(name: string): void {
    this.rooms.set(name, { connected: false, synced: false, everFailed: false, denied: false });
  }

  update(name: string, patch: Partial<RoomLink>): void {
    const room = this.rooms.get(name);
    if (!room) return;
    Object.assign(room, patch);
    this.recompute(this.state.unsyncedChanges);
  }

  /** A local change was made: counts as unsynced unless everything is synced. */
  noteLocalChange(): void {
    if (this.state.status !== 'synced') this.recompute(this.state.unsyncedChanges + 1);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): SyncState => this.state;

  private recompute(unsynced: number): void {
    const rooms = [...this.rooms.values()];
    const allSynced = rooms.length > 0 && rooms.every((r) => r.connected && r.synced);
    const status: SyncStatus = allSynced ? 'synced' : rooms.some((r) => r.everFailed) ? 'offline' : 'connecting';
    const unsyncedChanges = status === 'synced' ? 0 : unsynced;
    const accessDenied = rooms.some((r) => r.denied);
    const s = this.state;
    if (status === s.status && unsyncedChanges === s.unsyncedChanges && accessDenied === s.accessDenied) return;
    this.state = { status, unsyncedChanges, accessDenied };
    for (const listener of [...this.listeners]) listener();
  }
}
