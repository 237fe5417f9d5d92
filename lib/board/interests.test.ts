/**
 * The order of a party's interests: one list of its shared and private
 * interests (as its members see it), whichever document each lives in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { readInterests } from './board-data';
import { addInterest, shareInterest, type InterestDocs } from './interests';
import { forkDoc, newJointDoc, syncDocs } from './test-utils';

/** The party's list as its members see it: texts in order (the UI shows one lane per party). */
const seenBy = ({ joint, lane }: InterestDocs, partyId = 'p1') =>
  readInterests(joint, lane ? { doc: lane, partyId } : undefined)
    .filter((i) => i.partyId === partyId)
    .map((i) => (i.private ? `(${i.text})` : i.text));

/** What every other party sees: the shared interests of `partyId`, in order. */
const sharedOf = (joint: Y.Doc, partyId = 'p1') => readInterests(joint).filter((i) => i.partyId === partyId).map((i) => i.text);

const orderOf = (doc: Y.Doc, id: string) => (doc.getMap('interests').get(id) as Y.Map<unknown>).get('order') as string;

function party(): InterestDocs & { lane: Y.Doc } {
  return { joint: newJointDoc(), lane: new Y.Doc() };
}

function add(docs: InterestDocs & { lane: Y.Doc }, text: string, where: 'shared' | 'private', partyId = 'p1'): string {
  const id = addInterest(where === 'private' ? docs.lane : docs.joint, { partyId, text }, docs);
  assert.ok(id, `${text} added`);
  return id;
}

test('a new interest ends the party’s list, shared or private, whatever the other document holds', () => {
  const docs = party();
  add(docs, 'S1', 'shared');
  add(docs, 'P1', 'private');
  add(docs, 'S2', 'shared');
  add(docs, 'P2', 'private');
  add(docs, 'P3', 'private');
  add(docs, 'S3', 'shared');
  addInterest(docs.joint, { partyId: 'p2', text: 'other side' }, { joint: docs.joint });
  add(docs, 'P4', 'private');
  assert.deepEqual(seenBy(docs), ['S1', '(P1)', 'S2', '(P2)', '(P3)', 'S3', '(P4)']);
  assert.deepEqual(sharedOf(docs.joint), ['S1', 'S2', 'S3']);
});

test('sharing an interest keeps it where it was in the party’s list; the other side sees it between the same shared neighbours', () => {
  const docs = party();
  add(docs, 'S1', 'shared');
  const p1 = add(docs, 'P1', 'private');
  const p2 = add(docs, 'P2', 'private');
  add(docs, 'S2', 'shared');
  const p3 = add(docs, 'P3', 'private');
  const before = seenBy(docs);
  assert.deepEqual(before, ['S1', '(P1)', '(P2)', 'S2', '(P3)']);

  assert.ok(shareInterest(docs.lane, docs.joint, p2));
  assert.deepEqual(seenBy(docs), ['S1', '(P1)', 'P2', 'S2', '(P3)']);
  assert.deepEqual(sharedOf(docs.joint), ['S1', 'P2', 'S2']);
  assert.ok(shareInterest(docs.lane, docs.joint, p1));
  assert.ok(shareInterest(docs.lane, docs.joint, p3));
  assert.deepEqual(seenBy(docs), ['S1', 'P1', 'P2', 'S2', 'P3']);
  assert.deepEqual(sharedOf(docs.joint), ['S1', 'P1', 'P2', 'S2', 'P3'], 'the other side sees the party’s own order');
  add(docs, 'S3', 'shared');
  add(docs, 'P4', 'private');
  assert.deepEqual(seenBy(docs), ['S1', 'P1', 'P2', 'S2', 'P3', 'S3', '(P4)'], 'and new ones still go last');
});

test('a shared interest’s key is the same whether or not its party keeps private interests (keys tell no count)', () => {
  const withPrivate = party();
  const without = { joint: forkDoc(withPrivate.joint), lane: new Y.Doc() };
  for (const docs of [withPrivate, without]) add(docs, 'S1', 'shared');
  for (let i = 0; i < 7; i++) add(withPrivate, `P${i}`, 'private');
  const a = add(withPrivate, 'S2', 'shared');
  const b = add(without, 'S2', 'shared');
  assert.equal(orderOf(withPrivate.joint, a), orderOf(without.joint, b));
  assert.deepEqual(seenBy(withPrivate).at(-1), 'S2', 'and it still ends the list');
});

test('hundreds of private interests in a row keep valid, ordered keys', () => {
  const docs = party();
  add(docs, 'S1', 'shared');
  const texts = Array.from({ length: 400 }, (_, i) => `P${i}`);
  for (const text of texts) add(docs, text, 'private');
  add(docs, 'S2', 'shared');
  const lane = readInterests(docs.joint, { doc: docs.lane, partyId: 'p1' });
  assert.equal(lane.length, 402, 'no key was refused by the reader');
  assert.ok(lane.every((i) => i.order.length <= 128));
  assert.deepEqual(seenBy(docs), ['S1', ...texts.map((t) => `(${t})`), 'S2']);
});

test('two members of a party add private and shared interests concurrently: both replicas show one order', () => {
  const alice = party();
  const bob = { joint: forkDoc(alice.joint), lane: forkDoc(alice.lane) };
  add(alice, 'S0', 'shared');
  syncDocs(alice.joint, bob.joint);
  add(alice, 'A private', 'private');
  add(bob, 'B private', 'private');
  add(alice, 'A shared', 'shared');
  add(bob, 'B shared', 'shared');
  syncDocs(alice.joint, bob.joint);
  syncDocs(alice.lane, bob.lane);
  const list = seenBy(alice);
  assert.deepEqual(seenBy(bob), list);
  assert.equal(list[0], 'S0');
  assert.deepEqual(list.slice(1, 3).sort(), ['(A private)', '(B private)'], 'each private one before any shared one its author added after it');
  assert.deepEqual(list.slice(3).sort(), ['A shared', 'B shared']);
});

test('without the party’s documents, the order follows the target document alone (the facilitator adds for a party)', () => {
  const joint = newJointDoc();
  const first = addInterest(joint, { partyId: 'p1', text: 'first' })!;
  const second = addInterest(joint, { partyId: 'p1', text: 'second' }, { joint })!;
  assert.ok(orderOf(joint, first) < orderOf(joint, second));
});
