/** The writer thread (started by WriterThread): owns the write connection and serves the store's writes; also the checkpointer's code (it is sent only checkpoints). */
import { parentPort, workerData } from 'node:worker_threads';
import { openConnection } from './sqlite-connection';
import { SqliteWrites, serveWrites } from './sqlite-writes';
import type { WriterData } from './writer-thread';

const { file, synchronous } = workerData as WriterData;
const db = openConnection(file, synchronous);
// No checkpoint inside a commit: the main thread asks for them, on another connection (writer-thread.ts).
db.pragma('wal_autocheckpoint = 0');
serveWrites(new SqliteWrites(db), parentPort!);
