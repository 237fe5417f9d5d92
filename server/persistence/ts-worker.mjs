/**
 * Entry of a worker thread whose code is TypeScript (workerData.module), when
 * the server runs from its sources under tsx (`npm run dev`, the tests, the
 * benches); the compiled server starts each worker from its own bundle
 * instead (server/worker-entry.ts picks). Plain JavaScript because under
 * Node 20 a worker does not inherit tsx's loader from the thread that starts
 * it (tsx issue #354): this registers it, then imports the module.
 */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
