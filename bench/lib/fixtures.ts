/**
 * Board content for the benchmarks, built on plain Y.Docs before anything
 * connects (an offline client's edits, pushed in the sync handshake).
 *
 * Boards up to a few thousand options are built with lib/board's own
 * mutations (addOption, createCluster, moveOption, setRating). addOption
 * scans every option for the last order key, so building 20,000 options one
 * by one is quadratic (minutes); `bulkOptions` writes the same record shape
 * (title, description, order, createdAt — see addOption in
 * lib/board/mutations.ts) with precomputed fractional keys instead.
 */
import { generateNKeysBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { newRecordId } from '@/lib/board/ids';
import { createCluster, moveOption } from '@/lib/board/clusters';
import { addOption, updateOption } from '@/lib/board/mutations';
import { LOCAL_ORIGIN } from '@/lib/board/origins';
import { CRITERIA, optionsMap } from '@/lib/board/schema';
import { setRating } from '@/lib/board/scoring';

const PHRASES = [
  'Phase the price rise over two years',
  'Deliver in two batches: half in March, the rest in May',
  'Share the cost of the new tooling 50/50',
  'A joint quality check at the plant',
  'Fix the volume for 2027, review it quarterly',
  'Pay 30 days earlier in exchange for a discount',
  'Pilot the new packaging on one line first',
  'Name one contact person on each side',
] as const;

/** Realistic option titles (35–60 characters). */
export const optionTitle = (i: number): string => `${PHRASES[i % PHRASES.length]} (#${i + 1})`;

/** A joint board with `options` options (lib/board mutations) spread evenly over `clusters` clusters. */
export function jointWithMutations(options: number, clusters: number): { doc: Y.Doc; optionIds: string[] } {
  const doc = new Y.Doc();
  const optionIds: string[] = [];
  for (let i = 0; i < options; i++) optionIds.push(addOption(doc, { title: optionTitle(i), description: i % 3 === 0 ? 'Details: who pays, when, and how we check it.' : '' })!);
  const clusterIds: string[] = [];
  for (let c = 0; c < clusters; c++) clusterIds.push(createCluster(doc, { name: `Cluster ${c + 1}` }));
  if (clusters > 0) optionIds.forEach((id, i) => moveOption(doc, id, { clusterId: clusterIds[i % clusters]! }));
  return { doc, optionIds };
}

/** The same record shape as addOption, in one transaction, with precomputed order keys. */
export function bulkOptions(count: number): { doc: Y.Doc; optionIds: string[] } {
  const doc = new Y.Doc();
  const keys = generateNKeysBetween(null, null, count);
  const optionIds: string[] = [];
  const now = Date.now();
  doc.transact(() => {
    const map = optionsMap(doc);
    for (let i = 0; i < count; i++) {
      const id = newRecordId();
      const record = new Y.Map<unknown>();
      record.set('title', optionTitle(i));
      record.set('description', i % 3 === 0 ? 'Details: who pays, when, and how we check it.' : '');
      record.set('order', keys[i]!);
      record.set('createdAt', now + i);
      map.set(id, record);
      optionIds.push(id);
    }
  }, LOCAL_ORIGIN);
  return { doc, optionIds };
}

/** A party lane where `participants` people rated every option on every criterion. */
export function laneWithRatings(optionIds: readonly string[], participants: number, seed = 1): Y.Doc {
  const doc = new Y.Doc();
  let x = seed;
  const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  doc.transact(() => {
    for (let p = 0; p < participants; p++) {
      const participantId = newRecordId();
      for (const optionId of optionIds) {
        for (const criterion of CRITERIA) setRating(doc, { optionId, participantId, criterion, value: 1 + Math.floor(random() * 5) });
      }
    }
  });
  return doc;
}

/** `count` separate small updates (title edits of random options) on top of `base`: an update log. */
export function editLog(base: Y.Doc, optionIds: readonly string[], count: number): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const log: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => log.push(update));
  for (let i = 0; i < count; i++) {
    const id = optionIds[(i * 7919) % optionIds.length]!;
    updateOption(doc, id, { title: `${optionTitle(i)} (edited ${i + 1})` });
  }
  doc.destroy();
  return log;
}

export const stateOf = (doc: Y.Doc): Uint8Array => Y.encodeStateAsUpdate(doc);
