/**
 * Runs the extensions' hooks of one room, in the order the extensions were
 * composed. A hook that throws is logged and the others still run, except
 * where failing closed matters: a `beforeApply` judge that throws refuses,
 * and `onLoad` failures fail the load (load.ts runs those itself).
 */
import type { Logger } from '../../log';
import type { AwarenessEntry } from '../protocol';
import type { IncomingUpdate, Refusal, RoomHooks, UnloadReason } from './room-hooks';
import type { RoomOrigin } from './origins';

export class RoomHookRunner {
  private list: readonly RoomHooks[] = [];

  constructor(
    private readonly roomName: string,
    private readonly log: Logger,
  ) {}

  /** Set once, when the extensions attach (load.ts), before the migration. */
  set(hooks: readonly RoomHooks[]): void {
    this.list = hooks;
  }

  get all(): readonly RoomHooks[] {
    return this.list;
  }

  each(what: string, run: (hook: RoomHooks) => void): void {
    for (const hook of this.list) this.guarded(what, () => run(hook));
  }

  /** The first refusal of a peer's update (a judge that throws refuses: fail closed). */
  refusal(incoming: IncomingUpdate): Refusal | null {
    for (const hook of this.list) {
      if (!hook.beforeApply) continue;
      try {
        const refusal = hook.beforeApply(incoming);
        if (refusal) return refusal;
      } catch (error) {
        return { reason: `the judge failed: ${(error as Error).message}` };
      }
    }
    return null;
  }

  /** Awareness entries that every extension lets through, as they rewrote them. */
  filterAwareness(entries: readonly AwarenessEntry[], origin: RoomOrigin): readonly AwarenessEntry[] {
    let allowed = entries;
    for (const hook of this.list) if (hook.beforeAwareness) allowed = hook.beforeAwareness(allowed, origin);
    return allowed;
  }

  /** Every `beforeUnload`, in order; the first throw is passed on after all ran. */
  async beforeUnload(why: UnloadReason): Promise<void> {
    let failure: unknown = null;
    for (const hook of this.list) {
      try {
        await hook.beforeUnload?.(why);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
  }

  /** Every `onDestroy`, together; failures are logged. */
  async destroy(): Promise<void> {
    await Promise.all(
      this.list.map(async (hook) => {
        try {
          await hook.onDestroy?.();
        } catch (error) {
          this.log.error({ room: this.roomName, err: error, hook: 'onDestroy' }, 'room extension failed');
        }
      }),
    );
  }

  private guarded(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.log.error({ room: this.roomName, err: error, hook: what }, 'room extension failed');
    }
  }
}
