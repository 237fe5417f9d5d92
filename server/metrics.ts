/**
 * Prometheus metrics. One registry per server instance (not prom-client's
 * global one) so several servers in one process — tests — do not collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    roomsLoaded: new Gauge({ name: 'cg_rooms_loaded', help: 'Rooms held in memory', registers: [registry] }),
    roomsHibernated: new Gauge({
      name: 'cg_rooms_hibernated',
      help: 'Loaded rooms that hold their document encoded only, without a Y.Doc (normally all); included in cg_rooms_loaded',
      registers: [registry],
    }),
    hibernations: new Counter({ name: 'cg_room_hibernations_total', help: 'Rooms that were encoded (after loading, or after ROOM_HIBERNATE_MS awake)', registers: [registry] }),
    wakes: new Counter({
      name: 'cg_room_wakes_total',
      help: 'Encoded rooms that built their Y.Doc (an update that needed it)',
      registers: [registry],
    }),
    connections: new Gauge({ name: 'cg_connections', help: 'Open sync websockets', registers: [registry] }),
    messagesIn: new Counter({
      name: 'cg_messages_in_total',
      help: 'Websocket messages received, by protocol message type',
      labelNames: ['type'] as const,
      registers: [registry],
    }),
    bytesIn: new Counter({ name: 'cg_bytes_in_total', help: 'Websocket bytes received', registers: [registry] }),
    publishSeconds: new Histogram({
      name: 'cg_publish_seconds',
      help: "Time of one publication run (a board's derived state room maps, from its lanes and joint board)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    persistSeconds: new Histogram({
      name: 'cg_persist_seconds',
      help: 'Time to append one tick of updates for a room',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    sqliteWriteSeconds: new Histogram({
      name: 'cg_sqlite_write_seconds',
      help: 'SQLite only: one write transaction, commit included (fsync, WAL checkpoints), by operation and thread (writer, or main for small appends)',
      labelNames: ['op', 'thread'] as const,
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    closes: new Counter({
      name: 'cg_ws_closes_total',
      help: 'Websockets closed by the server, by close code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    compactions: new Counter({ name: 'cg_compactions_total', help: 'Room compactions', registers: [registry] }),
    tailMerges: new Counter({
      name: 'cg_tail_merges_total',
      help: "Encoded rooms' tails folded into their state, by thread: merge (the merge thread) or main (the event loop: a fallback)",
      labelNames: ['thread'] as const,
      registers: [registry],
    }),
    bytesOut: new Counter({ name: 'cg_bytes_out_total', help: 'Websocket bytes sent', registers: [registry] }),
    limitRefusals: new Counter({
      name: 'cg_limit_refusals_total',
      help: 'Sockets or requests refused because a limit was hit, by limit',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'cg_auth_failures_total',
      help: 'Refused tokens (websocket and HTTP), by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    unstoredBytes: new Gauge({
      name: 'cg_unstored_bytes',
      help: 'Accepted updates not yet stored (held, never broadcast, while the database is unreachable)',
      registers: [registry],
    }),
    storeRetries: new Counter({
      name: 'cg_store_retries_total',
      help: 'Failed attempts to store updates that were retried (database unreachable)',
      registers: [registry],
    }),
    fanoutUp: new Gauge({ name: 'cg_fanout_up', help: '1 while connected to Redis (scale-out)', registers: [registry] }),
    fanoutMessages: new Counter({
      name: 'cg_fanout_messages_total',
      help: 'Redis fan-out messages, by direction (out, in, dropped, ignored: malformed) and kind (update, awareness, failed_join)',
      labelNames: ['direction', 'kind'] as const,
      registers: [registry],
    }),
    catchUpRows: new Counter({
      name: 'cg_catchup_rows_total',
      help: 'Update rows another process stored that reached this one by catch-up from the database, not by Redis',
      registers: [registry],
    }),
  };
}
