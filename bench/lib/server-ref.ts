/**
 * Child process: the REFERENCE server, @y/websocket-server 0.1.1, set up the
 * way its bin (src/server.js) does — an http server, a `ws` server with
 * noServer, and `setupWSConnection` for every upgrade; in memory (no
 * YPERSISTENCE) — but on 127.0.0.1 and port 0, with IPC for the probes.
 * Run with --expose-gc.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { probeHandlers } from './process-probes';
import { serve } from './rpc';

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

serve(
  {
    ...probeHandlers,
    port: () => port,
    stats: () => {
      let connections = 0;
      for (const doc of docs.values()) connections += doc.conns.size;
      return { rooms: docs.size, connections, roomNames: [...docs.keys()] };
    },
    /** options held by each named room (for checking that seeded content arrived) */
    optionCounts: ({ rooms }: { rooms: string[] }) => rooms.map((name) => docs.get(name)?.getMap('options').size ?? -1),
  },
  async () => {
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
);
