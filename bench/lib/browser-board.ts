/** The browser benchmark's board, built by Node y-websocket clients through the real server. */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ROOT, flatMap, optionsMap } from '@/lib/board/schema';
import { jointWithMutations, laneWithRatings, stateOf } from './fixtures';
import { waitFor } from './stats';

/** What the built board holds (the report's "board" row). */
export type BoardInfo = { options: number; clusters: number; participants: number; ratings: number; jointBytes: number; laneBytes: number; buildMs: number };


export type Remote = { doc: Y.Doc; provider: WebsocketProvider };

function connect(wsUrl: string, room: string, token: string, doc = new Y.Doc()): Remote {
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  return { doc, provider };
}

async function synced(remote: Remote, what: string): Promise<void> {
  await waitFor(() => remote.provider.synced, 60_000, what);
}

export type BuiltBoard = {
  id: string;
  p1Url: string;
  facilitatorToken: string;
  optionIds: string[];
  jointRemote: Remote;
  laneRemote: Remote;
  info: BoardInfo;
};

export async function buildBoard(baseUrl: string, options: number, clusters: number, participantsPerParty: number): Promise<BuiltBoard> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Supply contract 2027', question: 'How might we keep prices stable and the plant busy?', parties: ['Buyer', 'Supplier'] }),
  });
  if (res.status !== 201) throw new Error(`POST /api/boards: ${res.status}`);
  const created = (await res.json()) as {
    id: string;
    links: { facilitator: { token: string }; parties: { partyId: string; token: string; url: string }[] };
  };
  const wsUrl = `${baseUrl.replace('http', 'ws')}/sync`;
  const [p1, p2] = created.links.parties;

  // Offline edits with lib/board mutations, pushed in each client's sync handshake.
  const joint = jointWithMutations(options, clusters);
  const lanes = [laneWithRatings(joint.optionIds, participantsPerParty, 1), laneWithRatings(joint.optionIds, participantsPerParty, 2)];
  const builders = [
    connect(wsUrl, created.id, created.links.facilitator.token, joint.doc),
    connect(wsUrl, `${created.id}/party/p1`, p1!.token, lanes[0]),
    connect(wsUrl, `${created.id}/party/p2`, p2!.token, lanes[1]),
  ];
  for (const b of builders) await synced(b, 'board builder to sync');

  // Check with fresh clients that the server stored it all; keep two of them as "remote participants".
  const jointRemote = connect(wsUrl, created.id, p2!.token);
  const laneRemote = connect(wsUrl, `${created.id}/party/p1`, p1!.token);
  await waitFor(() => optionsMap(jointRemote.doc).size === options, 60_000, `the server to hold ${options} options`);
  // one entry per option and rater, holding its three criteria (lib/board/rating-entries.ts)
  await waitFor(() => flatMap(laneRemote.doc, ROOT.ratings).size === options * participantsPerParty, 60_000, 'the server to hold the ratings');
  // Nothing reveals itself: the facilitator reveals the scores, so the Score view shows every party's (as in a real session after the reveal).
  const reveal = await fetch(`${baseUrl}/api/boards/${created.id}/reveal`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${created.links.facilitator.token}` },
    body: JSON.stringify({ scores: true }),
  });
  if (reveal.status !== 200) throw new Error(`POST /reveal: ${reveal.status} ${await reveal.text()}`);
  for (const b of builders) {
    b.provider.destroy();
    b.doc.destroy();
  }
  return {
    id: created.id,
    p1Url: p1!.url.replace(/^https?:\/\/[^/]+/, baseUrl),
    facilitatorToken: created.links.facilitator.token,
    optionIds: joint.optionIds,
    jointRemote,
    laneRemote,
    info: {
      options,
      clusters,
      participants: participantsPerParty * 2,
      ratings: options * 3 * participantsPerParty * 2,
      jointBytes: stateOf(jointRemote.doc).byteLength,
      laneBytes: stateOf(laneRemote.doc).byteLength,
      buildMs: performance.now() - started,
    },
  };
}

/** Move the board to a phase (POST /api/boards/:id/phase, facilitator); pages follow the board's phase. */
export async function setPhase(baseUrl: string, board: BuiltBoard, phase: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/boards/${board.id}/phase`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.facilitatorToken}` },
    body: JSON.stringify({ phase }),
  });
  if (!res.ok) throw new Error(`POST /api/boards/:id/phase ${phase}: ${res.status} ${await res.text()}`);
}
