/** The writer thread (started by WriterThread): owns the write connection and serves the store's writes. */
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './sqlite-connection';
import { SqliteWrites, serveWrites } from './sqlite-writes';
import type { WriterData } from './writer-thread';

const { file, synchronous } = workerData as WriterData;
serveWrites(new SqliteWrites(openConnection(file, synchronous)), parentPort!);
