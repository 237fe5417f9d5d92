/**
 * The compiled server — what `npm start` runs — works as plain JavaScript:
 * scripts/build-server.mjs builds it into a scratch directory, and
 * `node <out>/main.js --no-next` serves boards, with its writer thread, its
 * merge thread and its PDF worker started from their own bundles (not from
 * the tsx shim), and no tsx or esbuild process anywhere in its tree. The rest
 * of the suite runs the TypeScript sources; only this test runs the build.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TAIL_LIMIT } from '../sync/encoded-doc';
import { Harness, TEST_ENV, addOption, optionTitles, waitFor } from './harness';
import { processTree, typeScriptTooling } from './process-tree';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('the compiled server starts without tsx: boards, sync stored by the writer thread, tails merged, PDFs made and imports built by their workers', async (t) => {
  // Inside the project: the bundles import their packages from its node_modules.
  await fs.mkdir(path.join(root, 'dist'), { recursive: true });
  const outdir = await fs.mkdtemp(path.join(root, 'dist', '.test-'));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-compiled-'));
  t.after(() => fs.rm(outdir, { recursive: true, force: true }));
  t.after(() => fs.rm(dataDir, { recursive: true, force: true }));
  await promisify(execFile)(process.execPath, [path.join(root, 'scripts', 'build-server.mjs'), `--outdir=${outdir}`], { cwd: root });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...TEST_ENV,
    LOG_LEVEL: 'info', // for the "listening" line, which carries the port
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    // Every append goes through the writer thread, so a stored edit proves it started.
    SQLITE_INLINE_COMMITS: '0',
    ROOM_HIBERNATE_MS: '100',
  };
  delete env.NODE_OPTIONS; // whatever loader the test runner may carry must not reach the server
  const child = spawn(process.execPath, [path.join(outdir, 'main.js'), '--no-next'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(() => child.kill('SIGKILL'));

  let port = 0;
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the compiled server exited (${child.exitCode}):\n${output}`);
      const listening = /"url":"http:\/\/127\.0\.0\.1:(\d+)".*Common Ground is listening/.exec(output);
      port = listening ? Number(listening[1]) : 0;
      return port > 0;
    },
    { timeoutMs: 15_000, what: 'the compiled server to listen' },
  );
  const h = Harness.external(t, port);
  assert.equal((await h.fetch('/readyz')).status, 200);

  const board = await h.createBoard();
  const writer = await h.provider(board.id, board.links.parties[0]!.token);
  const reader = await h.provider(board.id, board.links.viewer.token);
  await waitFor(async () => (await h.metric('cg_rooms_hibernated')) === 1, { what: 'the room to be encoded' });
  // Past TAIL_LIMIT the encoded room's tail goes to the merge thread.
  const edits = TAIL_LIMIT.updates + 10;
  for (let i = 0; i < edits; i++) addOption(writer.doc, `o${i}`, `Option ${i}`);
  await waitFor(() => optionTitles(reader.doc)[`o${edits - 1}`] !== undefined, { what: 'the edits to reach the reader' });
  await waitFor(async () => (await h.metric('cg_sqlite_write_seconds_count{op="append",thread="writer"}')) >= 1, { what: 'an append stored by the writer thread' });
  await waitFor(async () => (await h.metric('cg_tail_merges_total{thread="merge"}')) >= 1, { what: 'a tail merged on the merge thread' });
  assert.equal(await h.metric('cg_tail_merges_total{thread="main"}'), 0, 'no merge fell back to the event loop');

  const pdf = await h.fetch(`/api/boards/${board.id}/export?format=pdf`, { headers: { authorization: `Bearer ${board.links.facilitator.token}` } });
  const bytes = new Uint8Array(await pdf.arrayBuffer());
  assert.equal(pdf.status, 200, new TextDecoder().decode(bytes.subarray(0, 300)));
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 5)), '%PDF-');

  // The import worker (server/import/import-worker.ts) from its own bundle: the exported file comes back as a new board.
  const file = await h.fetch(`/api/boards/${board.id}/export?format=json&scope=board`, { headers: { authorization: `Bearer ${board.links.facilitator.token}` } });
  assert.equal(file.status, 200);
  const imported = await h.fetch('/api/boards/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: await file.text() });
  const answer = (await imported.json()) as { id?: string };
  assert.equal(imported.status, 201, JSON.stringify(answer));
  assert.notEqual(answer.id, board.id);

  const tree = processTree(child.pid!);
  assert.match(tree[0]?.command ?? '', /main\.js --no-next$/);
  assert.deepEqual(typeScriptTooling(tree), [], 'no tsx or esbuild process in the server tree');

  h.destroyProvider(writer);
  h.destroyProvider(reader);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, `graceful shutdown:\n${output.slice(-2000)}`);
});
