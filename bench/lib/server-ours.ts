/**
 * Child process: OUR server (server/app.ts), in-process exactly as
 * server/main.ts builds it minus Next.js, on 127.0.0.1 and port 0, with
 * SQLite in a temporary DATA_DIR. Run with --expose-gc.
 * Env: everything server/config.ts reads (the orchestrator sets it).
 */
import fs from 'node:fs';
import { createCommonGroundServer } from '@/server/app';
import { loadConfig } from '@/server/config';
import { SqliteDocStore } from '@/server/persistence/sqlite';
import { parseRoomName } from '@/lib/board/rooms';
import { probeHandlers } from './process-probes';
import { serve } from './rpc';
import { StoreProbe } from './store-probe';

const config = loadConfig(process.env);
if (config.databaseUrl) throw new Error('bench/lib/server-ours.ts measures the SQLite store: unset DATABASE_URL');
// The store server/app.ts would build, plus the writer thread's transaction
// timings (SqliteOptions.onTransaction); the probe also times the appends
// from outside (bench/lib/store-probe.ts). Nothing in the server changes.
const probe = new StoreProbe();
const store = new SqliteDocStore({
  dataDir: config.dataDir,
  synchronous: config.sqliteSynchronous,
  inlineCommits: config.sqliteInlineCommits,
  // A/B runs only (bench/run.ts header): another INLINE_MAX_PER_SECOND; unset = the store's default.
  ...(process.env.BENCH_INLINE_MAX_PER_SECOND ? { inlineMaxPerSecond: Number(process.env.BENCH_INLINE_MAX_PER_SECOND) } : {}),
  onTransaction: probe.onTransaction,
});
probe.attach(store);
const server = createCommonGroundServer({ config, store });
const { port } = await server.listen(0, '127.0.0.1');

serve(
  {
    ...probeHandlers,
    port: () => port,
    stats: () => server.stats(),
    /** Every loaded room has stored what it took (the bench samples memory after its clients' edits). */
    settle: async () => {
      for (const name of server.stats().roomNames) {
        const ref = parseRoomName(name);
        if (ref && server.registry.isLoaded(ref)) await server.registry.withRoom(ref, (room) => room.flush());
      }
    },
    /** Build every loaded room's Y.Doc (what an update with a missing dependency does): the awake figure. */
    wakeAll: async () => {
      for (const name of server.stats().roomNames) {
        const ref = parseRoomName(name);
        if (ref) await server.registry.withRoom(ref, async (room) => void room.doc);
      }
      return server.stats().hibernated;
    },
    /** the store's writes since the previous call (bench/lib/store-probe.ts) */
    storeTimes: () => probe.take(),
    /**
     * Store a room as "snapshot plus update log" through the real store API:
     * `base` is appended and compacted into the snapshot, then `log` is
     * appended row by row. The room must not be loaded.
     */
    seed: async ({ room, base, log }: { room: string; base: Uint8Array[]; log: Uint8Array[] }) => {
      if (server.stats().roomNames.includes(room)) throw new Error(`seed: room ${room} is loaded`);
      await server.store.append(room, base);
      await server.store.compact(room);
      for (const update of log) await server.store.append(room, [update]);
      const loaded = await server.store.loadRoom(room);
      return { snapshotBytes: loaded.snapshot?.byteLength ?? 0, logRows: loaded.updates.length };
    },
  },
  async () => {
    await server.close();
    fs.rmSync(config.dataDir, { recursive: true, force: true });
  },
);
