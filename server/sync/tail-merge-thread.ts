/** The merge thread's code (tail-merger.ts): one merge per message, answered in order. */
import { parentPort } from 'node:worker_threads';
import { mergedStep2 } from './encoded-doc';
import type { MergeReply, MergeRequest } from './tail-merger';

const port = parentPort!;
port.on('message', ({ id, state, tail }: MergeRequest) => {
  let reply: MergeReply;
  try {
    reply = { id, step2: mergedStep2(state, tail) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply, 'step2' in reply ? [reply.step2.buffer as ArrayBuffer] : []);
});
