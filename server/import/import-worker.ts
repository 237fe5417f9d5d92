/**
 * The import worker thread: parses, validates and builds one export file at
 * a time (./build.ts), off the server's event loop (./run-import.ts sends
 * the jobs).
 */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { buildImport, type BuildResult } from './build';

export type ImportRequest = { readonly id: number; readonly bytes: Uint8Array; readonly now: number };
export type ImportResponse = { readonly id: number; readonly result: BuildResult } | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs as a worker thread (run-import.ts)');

// The lowest CPU priority for this thread (on Linux a thread's own nice value: pid 0 is the calling thread), so that on a
// busy machine building a file yields the CPU to the event loop and the writer thread, which serve every board.
try {
  os.setPriority(0, os.constants.priority.PRIORITY_LOW);
} catch {
  // not permitted here: same priority as the server
}

port.on('message', (request: ImportRequest) => {
  try {
    const result = buildImport(request.bytes, request.now);
    // Transferred, not copied (each encoded document has a buffer of its own; a Set in case two share one).
    const buffers = result.ok ? [result.board.joint, result.board.state, ...result.board.lanes.map((l) => l.data)].map((b) => b.buffer as ArrayBuffer) : [];
    const transfer = [...new Set(buffers)];
    port.postMessage({ id: request.id, result } satisfies ImportResponse, transfer);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ImportResponse);
  }
});
