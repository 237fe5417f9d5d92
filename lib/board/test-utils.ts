/**
 * Helpers for lib/board tests: build documents the way the server does and
 * sync them the way the wire does (state-vector diffs), without a network.
 */
import * as Y from 'yjs';
import { initializeJointDoc } from './create';

export function newJointDoc(parties: string[] = ['Buyer', 'Supplier']): Y.Doc {
  const doc = new Y.Doc();
  initializeJointDoc(doc, { title: 'Supply 2027', question: 'How might we keep prices stable?', parties, createdAt: 1 });
  return doc;
}

/** A peer that starts from the same state as `origin`. */
export function forkDoc(origin: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
  return doc;
}

/** Exchange everything both ways, as a sync handshake would. */
export function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Deterministic PRNG (mulberry32) so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
