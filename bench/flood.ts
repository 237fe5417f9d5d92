/**
 * The flood of issue 20, finding 5, against our server on loopback: four
 * valid ~4.5 MiB export files posted to POST /api/boards/import at a time
 * for 8 s, and 2,000 POST /api/boards from the same address (50 at a time),
 * while a writer on another board edits at 50 updates a second and a
 * reader there measures each edit's latency (as bench/sync.ts does: send
 * time to arrival, on the system-wide monotonic clock, clients in their own
 * process). Prints that board's p99 before and during the flood, what the
 * flood got (answers by status, boards made) and how much the database grew.
 *
 *   npx tsx bench/flood.ts                  production defaults for the board limits
 *   FLOOD_LIMITS=off npx tsx bench/flood.ts limits raised (the import worker alone)
 *
 * Bounded: at most 200 import attempts per stream and 2,000 creates; ~30 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newRecordId } from '@/lib/board/ids';
import type { ClientSpec } from './lib/client-pool';
import { Target, forkPools } from './lib/targets';
import { mib, sleep, summarize, waitFor } from './lib/stats';
import { describeStoreTimes, type StoreTimes } from './lib/store-probe';
import type { LoopSample } from './lib/process-probes';

const IMPORT_STREAMS = 4;
const IMPORT_MS = 8000;
const MAX_IMPORTS_PER_STREAM = 200;
const CREATES = 2000;
const CREATE_CONCURRENCY = 50;
const FILE_BYTES = 4.5 * 1024 * 1024;
const RATE = 50;

const limitsOff = process.env.FLOOD_LIMITS === 'off';
/** FLOOD_ONLY=imports or creates: half the flood, to see which half costs what. */
const only = process.env.FLOOD_ONLY;
/** Production defaults (OURS_ENV raises them for the other benches), or raised with FLOOD_LIMITS=off. */
const LIMITS_ENV: Record<string, string> = limitsOff
  ? { BOARDS_PER_MINUTE_PER_IP: '100000', BOARDS_BURST_PER_IP: '100000', BOARDS_PER_MINUTE: '100000', BOARDS_PER_DAY_PER_IP: '100000', IMPORT_BYTES_PER_DAY_PER_IP: String(64 * 1024 ** 3) }
  : { BOARDS_PER_MINUTE_PER_IP: '10', BOARDS_BURST_PER_IP: '10', BOARDS_PER_MINUTE: '60', BOARDS_PER_DAY_PER_IP: '200', IMPORT_BYTES_PER_DAY_PER_IP: String(50 * 1024 * 1024) };

const log = (line: string) => console.log(`[flood] ${line}`);

function dirBytes(dir: string): number {
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
}

/** Words that do not repeat in a pattern, so the file is not one long run of the same bytes. */
function prose(length: number, seed: number): string {
  const words = ['water', 'season', 'share', 'flow', 'pump', 'night', 'farmers', 'city', 'meter', 'reservoir', 'fair', 'cost', 'check', 'review', 'quota', 'river'];
  let x = seed * 2654435761;
  let text = '';
  while (text.length < length) {
    x = (x * 1103515245 + 12345) >>> 0;
    text += `${words[x % words.length]} `;
  }
  return text.slice(0, length).trim();
}

/** A valid export of ~FILE_BYTES: the board's own export with its one option repeated, each with a long description. */
async function bigExport(port: number, boardId: string, token: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/boards/${boardId}/export?format=json&scope=board`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  const file = (await res.json()) as { board: { options: Record<string, unknown>[] } };
  const template = file.board.options[0];
  if (!template) throw new Error('the exported board has no option');
  const one = JSON.stringify({ ...template, id: newRecordId(), title: prose(250, 0), description: prose(3900, 0) }).length;
  const count = Math.floor(FILE_BYTES / (one + 1));
  file.board.options = Array.from({ length: count }, (_, i) => ({ ...template, id: newRecordId(), title: `${i + 1}. ${prose(240, i)}`, description: prose(3900, i + 7) }));
  return JSON.stringify(file);
}

const tally = (counts: Map<number | string, number>, key: number | string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const show = (counts: Map<number | string, number>) => [...counts].sort(([a], [b]) => String(a).localeCompare(String(b))).map(([k, v]) => `${k}: ${v}`).join(', ');

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-flood-'));
  const target = await Target.start('ours', { ...LIMITS_ENV, DATA_DIR: dataDir, ...(process.env.FLOOD_LOG_LEVEL ? { LOG_LEVEL: process.env.FLOOD_LOG_LEVEL } : {}) });
  const [writerPool, readerPool] = forkPools(2, 'flood') as [ReturnType<typeof forkPools>[0], ReturnType<typeof forkPools>[0]];
  try {
    const base = `http://127.0.0.1:${target.port}`;
    const victim = await target.newBoard();
    const spec = (writer?: ClientSpec['writer']): ClientSpec => ({ url: target.wsUrl, ...victim.joint, writer, group: 'victim', awareness: false });
    await writerPool.call('open', { specs: [spec({ optionId: 'writer', rate: RATE })] });
    await readerPool.call('open', { specs: [spec()] });
    await Promise.all([writerPool, readerPool].map((pool) => pool.call('waitOptions', { count: 1 })));
    const file = await bigExport(target.port, victim.id, victim.joint.token!);
    log(`file: ${mib(Buffer.byteLength(file))}, ${(JSON.parse(file) as { board: { options: unknown[] } }).board.options.length} options; limits ${limitsOff ? 'raised (FLOOD_LIMITS=off)' : 'production defaults'}`);

    let loop: LoopSample | null = null;
    let store: StoreTimes | null = null;
    const detail = () => `; server event-loop delay p99 ${loop!.p99.toFixed(1)} ms, max ${loop!.max.toFixed(1)} ms; store: ${describeStoreTimes(store!)}`;
    const measure = async (run: () => Promise<unknown>) => {
      await Promise.all([writerPool.call('collect', { group: 'victim' }), readerPool.call('collect', { group: 'victim' })]);
      await target.server.call('storeTimes');
      await target.server.call('loop');
      await run();
      loop = await target.server.call<LoopSample>('loop');
      store = await target.server.call<StoreTimes>('storeTimes');
      const sent = await writerPool.call<number>('sent', { group: 'victim' });
      await waitFor(async () => (await readerPool.call<number>('received', { group: 'victim' })) >= sent, 30_000, 'the reader to get every edit');
      const got = await readerPool.call<{ latencies: Float64Array }>('collect', { group: 'victim' });
      return summarize(got.latencies);
    };
    // Warm-up, then a quiet baseline.
    await writerPool.call('write', { durationMs: 1000, group: 'victim' });
    await sleep(300);
    const quiet = await measure(() => writerPool.call('write', { durationMs: 4000, group: 'victim' }));
    log(`quiet:  another board's update p50 ${quiet.p50.toFixed(1)} ms, p99 ${quiet.p99.toFixed(1)} ms, max ${quiet.max.toFixed(1)} ms (${quiet.count} updates)${detail()}`);

    const before = dirBytes(dataDir);
    const imports = new Map<number | string, number>();
    const creates = new Map<number | string, number>();
    const importStream = async () => {
      const end = performance.now() + IMPORT_MS;
      for (let i = 0; i < MAX_IMPORTS_PER_STREAM && performance.now() < end; i++) {
        try {
          const res = await fetch(`${base}/api/boards/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
          await res.arrayBuffer();
          tally(imports, res.status);
        } catch (error) {
          tally(imports, (error as Error).message);
        }
      }
    };
    let nextCreate = 0;
    const createStream = async () => {
      while (nextCreate < CREATES) {
        nextCreate++;
        try {
          const res = await fetch(`${base}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Flood', question: '', parties: ['A', 'B'] }) });
          await res.arrayBuffer();
          tally(creates, res.status);
        } catch (error) {
          tally(creates, (error as Error).message);
        }
      }
    };
    const started = performance.now();
    const flood = await measure(() =>
      Promise.all([
        writerPool.call('write', { durationMs: IMPORT_MS, group: 'victim' }),
        ...Array.from({ length: only === 'creates' ? 0 : IMPORT_STREAMS }, importStream),
        ...Array.from({ length: only === 'imports' ? 0 : CREATE_CONCURRENCY }, createStream),
      ]),
    );
    const floodMs = performance.now() - started;
    const grown = dirBytes(dataDir) - before;
    const made = (imports.get(201) ?? 0) + (creates.get(201) ?? 0);
    log(`flood:  another board's update p50 ${flood.p50.toFixed(1)} ms, p99 ${flood.p99.toFixed(1)} ms, max ${flood.max.toFixed(1)} ms (${flood.count} updates, ${(floodMs / 1000).toFixed(1)} s)${detail()}`);
    log(`imports: ${show(imports)}; creates: ${show(creates)}; boards made ${made} (${imports.get(201) ?? 0} imported)`);
    log(`database (DATA_DIR files, WAL included) grew ${mib(grown)}`);
  } finally {
    await Promise.all([writerPool.stop(), readerPool.stop(), target.stop()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
