/**
 * kill -9 during a write burst loses nothing another client saw: the server
 * stores an update before it broadcasts it, so whatever reached the observer
 * is on disk when the process dies.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { optionsMap } from '@/lib/board/schema';
import { Harness, TEST_ENV, addOption, waitFor } from './harness';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve.ts', import.meta.url));

type Child = { process: ChildProcess; port: number; exited: Promise<number | null> };

async function spawnServer(t: TestContext, dataDir: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...TEST_ENV, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /PORT=(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
  return { process: child, port, exited };
}

test('kill -9 during a write burst loses nothing an observer saw', async (t) => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-crash-'));
  t.after(() => fs.rm(dataDir, { recursive: true, force: true }));
  const first = await spawnServer(t, dataDir);
  const h = Harness.external(t, first.port);
  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const observer = await h.provider(board.id, board.links.viewer.token);
  const seen = new Set<string>();
  optionsMap(observer.doc).observe((event) => {
    for (const key of event.keysChanged) seen.add(key);
  });

  // Write one option per macrotask, so each is its own message, until the
  // observer has seen a good number; then kill the server mid-burst.
  let written = 0;
  let writing = true;
  const burst = (async () => {
    while (writing) {
      addOption(writer.doc, `w${written}`, `burst ${written}`);
      written++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await waitFor(() => seen.size >= 150, { timeoutMs: 20_000, what: 'the observer to see 150 options' });
  first.process.kill('SIGKILL');
  await first.exited;
  writing = false;
  await burst;
  const observed = [...seen];
  assert.ok(written > observed.length, 'the kill landed mid-burst (writes were still in flight)');
  h.destroyProvider(writer);
  h.destroyProvider(observer);

  const second = await spawnServer(t, dataDir);
  h.port = second.port;
  const fresh = await h.provider(board.id, board.links.facilitator.token);
  const present = new Set(optionsMap(fresh.doc).keys());
  const missing = observed.filter((id) => !present.has(id));
  assert.deepEqual(missing, [], `all ${observed.length} observed options survive (${present.size} present)`);
  h.destroyProvider(fresh);
  second.process.kill('SIGTERM');
  assert.equal(await second.exited, 0, 'SIGTERM exits cleanly');
});
