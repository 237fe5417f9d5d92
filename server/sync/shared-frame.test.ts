/**
 * A broadcast framed once: the frame is RFC 6455's (unmasked binary, each
 * length encoding), it reaches real ws clients byte for byte and in order
 * with frames `ws.send` writes, and a socket that negotiated
 * permessage-deflate gets it in order behind what ws is compressing.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import WebSocket, { WebSocketServer, type ServerOptions } from 'ws';
import { waitFor } from '../test/harness';
import { SharedFrame, sendShared } from './shared-frame';

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);

test('the frame is an unmasked, final binary frame with the shortest length encoding', () => {
  const short = bytes(125, 1);
  assert.deepEqual([...new SharedFrame(short).frame], [0x82, 125, ...short]);

  const medium = bytes(300, 2);
  assert.deepEqual([...new SharedFrame(medium).frame], [0x82, 126, 300 >> 8, 300 & 0xff, ...medium]);

  const long = bytes(70_000, 3);
  const frame = new SharedFrame(long).frame;
  assert.deepEqual([...frame.subarray(0, 10)], [0x82, 127, 0, 0, 0, 0, 0, 0x01, 0x11, 0x70]);
  assert.deepEqual(frame.subarray(10), Buffer.from(long));

  // a view into a bigger buffer frames only its own bytes
  const backing = bytes(64, 4);
  const view = backing.subarray(8, 20);
  assert.deepEqual([...new SharedFrame(view).frame], [0x82, 12, ...view]);
});

/** A ws server on port 0 and `clients` clients; resolves with the server's sockets and what each client received. */
async function pair(t: TestContext, clients: number, serverOptions: ServerOptions = {}) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', ...serverOptions });
  t.after(async () => {
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws) => sockets.push(ws));
  const received: Uint8Array[][] = [];
  for (let i = 0; i < clients; i++) {
    const inbox: Uint8Array[] = [];
    received.push(inbox);
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
    client.binaryType = 'nodebuffer';
    client.on('message', (data: Buffer, isBinary) => {
      assert.equal(isBinary, true);
      inbox.push(new Uint8Array(data));
    });
    t.after(() => client.terminate());
  }
  await waitFor(() => sockets.length === clients && sockets.every((ws) => ws.readyState === WebSocket.OPEN));
  return { sockets, received };
}

test('every socket gets each shared message whole, in order with what ws.send wrote', async (t) => {
  const { sockets, received } = await pair(t, 3);
  const messages = [bytes(5, 1), bytes(300, 2), bytes(70_000, 3), bytes(1, 4)];
  const shared = messages.map((message) => new SharedFrame(message));
  for (const ws of sockets) {
    sendShared(ws, shared[0]!);
    ws.send(messages[1]!); // ws's own path between two shared frames
    sendShared(ws, shared[2]!);
    sendShared(ws, shared[3]!);
  }
  await waitFor(() => received.every((inbox) => inbox.length === messages.length));
  for (const inbox of received) assert.deepEqual(inbox, messages);
});

test('a socket that negotiated permessage-deflate gets the message through ws.send, after what ws is still compressing', async (t) => {
  const { sockets, received } = await pair(t, 1, { perMessageDeflate: { threshold: 0 } });
  const socket = sockets[0]!;
  assert.match(socket.extensions, /permessage-deflate/);
  // ws compresses off the event loop and queues what is sent meanwhile: a frame
  // written past that queue would overtake the message before it.
  const compressed = bytes(200_000, 5);
  const shared = bytes(10, 6);
  socket.send(compressed);
  sendShared(socket, new SharedFrame(shared));
  await waitFor(() => received[0]!.length === 2);
  assert.deepEqual(received[0], [compressed, shared]);
});
