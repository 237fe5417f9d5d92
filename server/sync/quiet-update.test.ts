/**
 * quiet-update.ts promises: an update it accepts without the doc applies to
 * the real Y.Doc without throwing and without leaving anything pending, and
 * what it hands on (possibly re-encoded) makes the same document. Checked on
 * real edits and on thousands of mutated ones against real Y.Docs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { prng } from '@/lib/board/test-utils';
import { mutateUpdate } from '../test/hostile';
import { EncodedDoc, TAIL_LIMIT } from './encoded-doc';
import { inspectUpdate, syncStep2Payload } from './protocol';
import { judgeUpdate } from './quiet-update';

/** A board-like document: record maps in root maps, a text, deletions. */
function baseDoc(): Y.Doc {
  const doc = new Y.Doc();
  const options = doc.getMap<Y.Map<unknown>>('options');
  for (let i = 0; i < 20; i++) {
    const record = new Y.Map<unknown>();
    options.set(`o${i}`, record);
    record.set('title', `option ${i}`);
    record.set('order', `a${i}`);
  }
  options.get('o3')!.set('title', 'renamed');
  options.delete('o4');
  doc.getMap('ratings').set('o1/p1', 425);
  doc.getText('notes').insert(0, 'hello world, hello board');
  doc.getText('notes').delete(3, 4);
  return doc;
}

const clocksOf = (doc: Y.Doc): Map<number, number> => Y.decodeStateVector(Y.encodeStateVector(doc));

function docFrom(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Real edits by a client that has the base, one update each (what a browser sends). */
function realEdits(base: Uint8Array, rand: () => number, count: number): Uint8Array[] {
  const doc = docFrom(base);
  doc.clientID = Math.floor(rand() * 0x7fffffff); // from the seed, so a failing seed fails again
  const out: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => out.push(update));
  const options = doc.getMap<Y.Map<unknown>>('options');
  for (let i = 0; i < count; i++) {
    const pick = rand();
    const id = `o${Math.floor(rand() * 20)}`;
    if (pick < 0.3) options.get(id)?.set('title', `edit ${i}`);
    else if (pick < 0.45) {
      doc.transact(() => {
        const record = new Y.Map<unknown>();
        options.set(`n${i}`, record);
        record.set('title', `new ${i}`);
      });
    } else if (pick < 0.55) options.delete(id);
    else if (pick < 0.75) doc.getMap('ratings').set(`${id}/p${i % 3}`, 100 + (i % 5));
    else if (pick < 0.9) doc.getText('notes').insert(Math.floor(rand() * doc.getText('notes').length), 'xy');
    else if (doc.getText('notes').length > 2) doc.getText('notes').delete(0, 2);
  }
  doc.destroy();
  return out;
}

/** Apply to a fresh copy of `base`: did it throw, or leave anything pending? */
function applyToDoc(base: Uint8Array, update: Uint8Array): { threw: boolean; pending: boolean; state: Uint8Array | null } {
  const doc = docFrom(base);
  try {
    Y.applyUpdate(doc, update);
    // Encoding again counts too: Yjs can take what it cannot write back out (a sync answer would throw).
    return { threw: false, pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null, state: Y.encodeStateAsUpdate(doc) };
  } catch {
    return { threw: true, pending: false, state: null };
  } finally {
    doc.destroy();
  }
}

const sameDoc = (a: Uint8Array, b: Uint8Array): boolean => {
  const [x, y] = [docFrom(a), docFrom(b)];
  const same =
    JSON.stringify(x.toJSON()) === JSON.stringify(y.toJSON()) &&
    Buffer.from(Y.encodeStateVector(x)).equals(Buffer.from(Y.encodeStateVector(y)));
  x.destroy();
  y.destroy();
  return same;
};

test('a client\'s ordinary edits are all quiet, and adding them encoded makes the same document as a Y.Doc', () => {
  const base = Y.encodeStateAsUpdate(baseDoc());
  const edits = realEdits(base, prng(7), 300);
  const encoded = EncodedDoc.fromDoc(docFrom(base));
  const reference = docFrom(base);
  for (const update of edits) {
    const verdict = encoded.judge(update, Y.decodeUpdate(update));
    assert.equal(verdict.kind, 'quiet', 'a real single-client edit needs no doc');
    if (verdict.kind === 'quiet') encoded.add(verdict);
    Y.applyUpdate(reference, update);
  }
  const vector = (sv: Uint8Array) => [...Y.decodeStateVector(sv)].sort(([a], [b]) => a - b);
  assert.deepEqual(vector(encoded.stateVector()), vector(Y.encodeStateVector(reference)), 'the same state vector');
  assert.deepEqual(encoded.toDoc(null).toJSON(), reference.toJSON());
  // A peer that has the base gets exactly the edits in its step 2 (the tail merged first).
  const peer = docFrom(base);
  Y.applyUpdate(peer, syncStep2Payload(encoded.step2For(Y.encodeStateVector(peer))));
  assert.deepEqual(peer.toJSON(), reference.toJSON());
  // A first visit gets everything.
  assert.deepEqual(docFrom(syncStep2Payload(encoded.step2For(new Uint8Array([0])))).toJSON(), reference.toJSON());
  assert.equal(encoded.cachedStep2() !== null, true, 'merged: the empty-vector answer is at hand');
});

test('updates with missing dependencies, or that reach forward, need the doc', () => {
  const base = baseDoc();
  const baseState = Y.encodeStateAsUpdate(base);
  const clocks = clocksOf(base);
  // Two edits in a row from one client: the second alone depends on the first.
  const writer = docFrom(baseState);
  const edits: Uint8Array[] = [];
  writer.on('update', (update: Uint8Array) => edits.push(update));
  writer.getMap('ratings').set('o1/p2', 123);
  writer.getMap('ratings').set('o2/p2', 321);
  const [first, second] = edits;
  assert.equal(judgeUpdate(second!, Y.decodeUpdate(second!), clocks).kind, 'needs-doc', 'a gap in the clock');
  assert.equal(judgeUpdate(first!, Y.decodeUpdate(first!), clocks).kind, 'quiet');
  // An offline client's backlog carrying another client's structs it built on.
  const a = docFrom(baseState);
  a.getMap('ratings').set('x', 1);
  const b = docFrom(baseState, Y.encodeStateAsUpdate(a));
  b.getMap('ratings').set('x', 2); // its origin is a's struct
  const both = Y.encodeStateAsUpdate(b, Y.encodeStateVector(base));
  assert.equal(judgeUpdate(both, Y.decodeUpdate(both), clocks).kind, 'needs-doc', 'a reference into another client of this update');
  // Known already: nothing to add.
  assert.equal(judgeUpdate(baseState, Y.decodeUpdate(baseState), clocks).kind, 'quiet', 'the whole state carries its deletions');
  const structsOnly = Y.encodeStateAsUpdate(base);
  const known = Y.diffUpdate(structsOnly, Y.encodeStateVector(base));
  assert.notEqual(judgeUpdate(known, Y.decodeUpdate(known), clocks).kind, 'needs-doc');
});

test('fuzz: whatever is judged quiet applies to the real doc without throwing or pending, to the same document', () => {
  const seed = Number(process.env.CG_QUIET_SEED ?? 20261126);
  const rand = prng(seed);
  const base = Y.encodeStateAsUpdate(baseDoc());
  const baseDocument = docFrom(base);
  const clocks = clocksOf(baseDocument);
  // One edit each from clients that have the base (judged against the base: they can be quiet) …
  const fresh = Array.from({ length: 60 }, () => realEdits(base, rand, 1)).flat();
  // … a client's several edits as one update, and edits made on top of edits the base lacks (dependencies missing).
  const edits = realEdits(base, rand, 40);
  const ahead = realEdits(Y.encodeStateAsUpdate(docFrom(base, ...edits)), rand, 20);
  const sources = [...fresh, Y.mergeUpdates(edits.slice(0, 8)), ...edits.slice(1, 20), ...ahead];

  let tried = 0;
  let quiet = 0;
  let threwInDoc = 0;
  for (let round = 0; round < 50; round++) {
    for (const source of sources) {
      const candidate = round === 0 ? source : mutateUpdate(source, rand);
      let decoded;
      try {
        ({ decoded } = inspectUpdate(candidate));
      } catch {
        continue; // the server refuses it before any of this
      }
      tried++;
      const verdict = judgeUpdate(candidate, decoded, clocks);
      const inDoc = applyToDoc(base, candidate);
      if (inDoc.threw) threwInDoc++;
      if (verdict.kind === 'needs-doc') continue;
      const what = `seed ${seed}, round ${round}, bytes ${Buffer.from(candidate).toString('hex')}`;
      assert.equal(inDoc.threw, false, `judged ${verdict.kind} but the doc throws on it: ${what}`);
      assert.equal(inDoc.pending, false, `judged ${verdict.kind} but the doc holds part of it pending: ${what}`);
      if (verdict.kind === 'known') {
        assert.ok(sameDoc(inDoc.state!, base), `judged known but it changes the doc: ${what}`);
        continue;
      }
      quiet++;
      const handedOn = applyToDoc(base, verdict.update);
      assert.equal(handedOn.threw || handedOn.pending, false, what);
      assert.ok(sameDoc(handedOn.state!, inDoc.state!), `what is handed on makes another document: ${what}`);
    }
  }
  // The fuzz means something: many candidates, many accepted, and some that break the doc were among them.
  assert.ok(tried > 1000, `${tried} decodable candidates`);
  assert.ok(quiet > 200, `${quiet} judged quiet`);
  assert.ok(threwInDoc > 0, `${threwInDoc} candidates threw in a real doc (all of them judged needs-doc)`);
  baseDocument.destroy();
});

test('an encoded doc asks for a merge once its tail passes TAIL_LIMIT, and a merge keeps the document', () => {
  const base = Y.encodeStateAsUpdate(baseDoc());
  const encoded = EncodedDoc.fromDoc(docFrom(base));
  const reference = docFrom(base);
  const writer = docFrom(base);
  const edits: Uint8Array[] = [];
  writer.on('update', (update: Uint8Array) => edits.push(update));
  for (let i = 0; i < TAIL_LIMIT.updates + 5; i++) writer.getMap('ratings').set(`o${i % 20}/p9`, 100 + (i % 5)); // one small update each
  let asked = -1;
  edits.forEach((update, i) => {
    const verdict = encoded.judge(update, Y.decodeUpdate(update));
    assert.equal(verdict.kind, 'quiet');
    if (verdict.kind !== 'quiet') return;
    Y.applyUpdate(reference, update);
    if (encoded.add(verdict) && asked < 0) asked = i;
  });
  assert.equal(asked, TAIL_LIMIT.updates, 'asked at the first update past the limit');
  assert.equal(encoded.cachedStep2(), null, 'the tail is not merged yet');
  encoded.merge();
  const step2 = encoded.cachedStep2();
  assert.ok(step2, 'merged: the answer to a first visit is at hand');
  assert.deepEqual(docFrom(syncStep2Payload(step2)).toJSON(), reference.toJSON());
});
