/**
 * Attack 22: a party speaks only for itself. With a stock y-websocket client
 * and a party's own link, party 1 writes records that speak for party 2 — a
 * shared interest, a tradeoff response, relationship health, a plan owner, a
 * debrief note; it edits and deletes party 2's interest, and re-labels its
 * own as party 2's. Each is refused (the sender closed with 1008), nothing of
 * it is stored or reaches party 2. Positive controls: the same records for
 * party 1 arrive; a facilitator records an interest for party 2; deleting
 * one's own tradeoff takes party 2's response to it along.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as Y from 'yjs';
import type { BoardId } from '@/lib/board/ids';
import { addInterest, deleteInterest, updateInterest } from '@/lib/board/interests';
import { addTradeoff, deleteTradeoff, respondToTradeoff } from '@/lib/board/decide';
import { setPlanOwner } from '@/lib/board/agree';
import { addDebriefNote, setRelationshipHealth } from '@/lib/board/debrief';
import { jointRoom } from '@/lib/board/rooms';
import { ROOT, flatMap, interestsMap, tradeoffsMap } from '@/lib/board/schema';
import * as YDoc from 'yjs';
import { updateMessage } from '../sync/protocol';
import { Harness, addOption, optionTitles, served, storedDoc, waitFor, type TestProvider } from './harness';

const interestText = (doc: Y.Doc, id: string) => (interestsMap(doc).get(id) as Y.Map<unknown> | undefined)?.get('text');

async function setUp(t: Parameters<typeof Harness.start>[0]) {
  const h = await Harness.start(t);
  const board = await h.createBoard();
  const [p1, p2] = board.links.parties as [(typeof board.links.parties)[number], (typeof board.links.parties)[number]];
  const bob = await h.provider(board.id, p2.token); // party 2, watching
  const alice = await h.provider(board.id, p1.token); // party 1
  /** Party 1 tries `write` on a fresh connection: it must be closed with 1008. */
  const refused = async (what: string, write: (doc: Y.Doc) => void) => {
    const attacker: TestProvider = await h.provider(board.id, p1.token);
    write(attacker.doc);
    await waitFor(() => attacker.closeCodes.length > 0, { what: `${what}: the sender to be closed` });
    assert.equal(attacker.closeCodes[0], 1008, what);
    h.destroyProvider(attacker); // it would resend the refused update on every reconnect
  };
  const stored = async () => {
    await h.server.registry.withRoom(jointRoom(board.id as BoardId), (room) => room.flush());
    return storedDoc(h.server, board.id);
  };
  return { h, board, bob, alice, refused, stored, facilitatorToken: board.links.facilitator.token };
}

test('attack 22: a party cannot write records that speak for another party; its own arrive (positive control)', async (t) => {
  const { bob, alice, refused, stored } = await setUp(t);
  addOption(alice.doc, 'o1', 'Two batches');
  const tradeoff = addTradeoff(alice.doc, { partyId: 'p1', concedes: 'a 3% price rise', unlocks: 'volume' })!;
  await waitFor(() => optionTitles(bob.doc).o1 !== undefined && tradeoffsMap(bob.doc).has(tradeoff), { what: 'party 1’s own records to arrive' });

  await refused('an interest of party 2', (doc) => addInterest(doc, { id: 'forgedInterest01', partyId: 'p2', text: 'We accept any price' }));
  await refused('a response of party 2', (doc) => respondToTradeoff(doc, tradeoff, 'p2', { status: 'confirmed' }));
  await refused('relationship health of party 2', (doc) => setRelationshipHealth(doc, 'p2', 'someoneOfParty2x', 1));
  await refused('a plan owner of party 2', (doc) => setPlanOwner(doc, 'o1', 'p2', 'Nobody'));
  await refused('a debrief note of party 2', (doc) => addDebriefNote(doc, { prompt: 'didnt', partyId: 'p2', text: 'We were unfair' }));

  // Positive control: the same kinds of record for party 1 pass and arrive.
  addInterest(alice.doc, { id: 'ownInterest00001', partyId: 'p1', text: 'Predictable prices' });
  setPlanOwner(alice.doc, 'o1', 'p1', 'Ana');
  setRelationshipHealth(alice.doc, 'p1', 'aliceParticipant', 4);
  await waitFor(() => interestText(bob.doc, 'ownInterest00001') === 'Predictable prices' && flatMap(bob.doc, ROOT.plans).get('o1/owner/p1') === 'Ana', {
    what: 'party 1’s own statements to arrive',
  });

  for (const doc of [bob.doc, await stored()]) {
    assert.equal(interestsMap(doc).has('forgedInterest01'), false, 'the forged interest is nowhere');
    assert.equal(flatMap(doc, ROOT.tradeoffResponses).has(`${tradeoff}/p2`), false);
    assert.equal(flatMap(doc, ROOT.relationshipHealth).has('p2/someoneOfParty2x'), false);
    assert.equal(flatMap(doc, ROOT.plans).has('o1/owner/p2'), false);
    assert.equal([...interestsMap(doc).keys()].length, 1);
  }
  assert.equal(flatMap(await stored(), ROOT.relationshipHealth).get('p1/aliceParticipant'), 4);
});

test('attack 22: a party cannot edit, delete or re-label another party’s interest; the owner can', async (t) => {
  const { bob, alice, refused, stored } = await setUp(t);
  addInterest(bob.doc, { id: 'bobsInterest0001', partyId: 'p2', text: 'A busy plant' });
  addInterest(alice.doc, { id: 'alicesInterest01', partyId: 'p1', text: 'Stable prices' });
  await waitFor(() => interestText(alice.doc, 'bobsInterest0001') === 'A busy plant' && interestText(bob.doc, 'alicesInterest01') === 'Stable prices', {
    what: 'both interests on both sides',
  });

  await refused('editing party 2’s interest', (doc) => updateInterest(doc, 'bobsInterest0001', { text: 'Any plant' }));
  await refused('deleting party 2’s interest', (doc) => deleteInterest(doc, 'bobsInterest0001'));
  await refused('re-labelling one’s own interest as party 2’s', (doc) =>
    (interestsMap(doc).get('alicesInterest01') as Y.Map<unknown>).set('partyId', 'p2'),
  );

  // Positive control: the owner edits its own.
  updateInterest(bob.doc, 'bobsInterest0001', { text: 'A busy plant all year' });
  await waitFor(() => interestText(alice.doc, 'bobsInterest0001') === 'A busy plant all year', { what: 'party 2’s own edit to arrive' });
  const doc = await stored();
  assert.equal(interestText(doc, 'bobsInterest0001'), 'A busy plant all year');
  assert.equal((interestsMap(doc).get('alicesInterest01') as Y.Map<unknown>).get('partyId'), 'p1');
});

test('attack 22: a facilitator records an interest for a party but cannot answer for it; a deleted tradeoff takes its responses along', async (t) => {
  const { h, board, bob, alice, stored, facilitatorToken } = await setUp(t);
  const facilitator = await h.provider(board.id, facilitatorToken);
  addInterest(facilitator.doc, { id: 'recordedForBob01', partyId: 'p2', text: 'Said aloud: a busy plant' });
  await waitFor(() => interestText(bob.doc, 'recordedForBob01') !== undefined, { what: 'the recorded interest to arrive' });

  const tradeoff = addTradeoff(alice.doc, { partyId: 'p1', concedes: 'a 3% price rise', unlocks: 'volume' })!;
  await waitFor(() => tradeoffsMap(bob.doc).has(tradeoff), { what: 'the tradeoff to reach party 2' });
  respondToTradeoff(bob.doc, tradeoff, 'p2', { status: 'questioned' });
  await waitFor(() => flatMap(alice.doc, ROOT.tradeoffResponses).has(`${tradeoff}/p2`), { what: 'party 2’s response to arrive' });

  respondToTradeoff(facilitator.doc, tradeoff, 'p2', { status: 'confirmed' });
  await waitFor(() => facilitator.closeCodes.length > 0, { what: 'the facilitator answering for party 2 to be closed' });
  assert.equal(facilitator.closeCodes[0], 1008);
  h.destroyProvider(facilitator);

  deleteTradeoff(alice.doc, tradeoff);
  await waitFor(() => !tradeoffsMap(bob.doc).has(tradeoff), { what: 'the deletion to reach party 2' });
  const doc = await stored();
  assert.equal(flatMap(doc, ROOT.tradeoffResponses).has(`${tradeoff}/p2`), false, 'the response went with its tradeoff');
  assert.equal(interestText(doc, 'recordedForBob01'), 'Said aloud: a busy plant');
});

test('attack 22: a forged statement held back for a missing dependency is refused when the update that releases it arrives', async (t) => {
  const { h, board, bob, stored } = await setUp(t);
  // Party 1 makes two edits offline: an option (harmless), then an interest of party 2's.
  const offline = new YDoc.Doc();
  addOption(offline, 'harmless', 'A harmless option');
  const first = YDoc.encodeStateAsUpdate(offline); // the option alone
  const afterFirst = YDoc.encodeStateVector(offline);
  addInterest(offline, { id: 'heldBackForgery', partyId: 'p2', text: 'We accept any price' });
  const second = YDoc.encodeStateAsUpdate(offline, afterFirst); // the forgery alone: it continues the option's clock
  const socket = h.raw(board.id, board.links.parties[0]!.token);
  await served(socket);
  // The forgery first: it waits for its dependency (held back, never stored or shown).
  socket.send(updateMessage(second));
  // Then the harmless option, which fills the gap and would release it.
  socket.send(updateMessage(first));
  await waitFor(() => socket.closeInfo !== null, { what: 'the sender to be closed' });
  assert.equal(socket.closeInfo!.code, 1008);
  addOption(bob.doc, 'control', 'Party 2 still writes');
  await waitFor(async () => optionTitles(await stored()).control !== undefined, { what: 'party 2’s edit to be stored (positive control)' });
  const doc = await stored();
  assert.equal(interestsMap(doc).has('heldBackForgery'), false, 'the forgery is not stored');
  assert.equal(interestsMap(bob.doc).has('heldBackForgery'), false, 'nor shown');
});
