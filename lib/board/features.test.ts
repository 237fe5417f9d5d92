/** Mutations for interests, clusters, tags, scoring, deciding, agreeing and debriefing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { addCheckpoint, setPlanField, setPlanOwner, updateCheckpoint } from './agree';
import { readBoardData } from './board-data';
import { createCluster, mergeClusters, mergeDuplicateOptions, moveOption, optionsInCluster, renameCluster, setOptionTag, ungroupCluster } from './clusters';
import { addDebriefNote, setRelationshipHealth } from './debrief';
import { dict } from './dict';
import {
  addTradeoff,
  applyShortlistSequence,
  deleteTradeoff,
  moveInShortlist,
  respondToTradeoff,
  setShortlisted,
} from './decide';
import { addInterest, deleteInterest, linkInterests, setOptionServes, shareInterest, unlinkInterests } from './interests';
import { addOption, deleteOption } from './mutations';
import { joinAsMember, recordProposal, setRating } from './scoring';
import { forkDoc, newJointDoc, syncDocs } from './test-utils';

const data = (joint: Y.Doc, lane?: { doc: Y.Doc; partyId: string }) => readBoardData({ joint, lane })!;

test('private interests stay in the lane until shared; sharing moves them once', () => {
  const joint = newJointDoc();
  const lane = new Y.Doc();
  const id = addInterest(lane, { partyId: 'p1', text: 'Cash flow in Q1', kind: 'constraint', importance: 3 })!;
  assert.equal(data(joint).interests.length, 0, 'the joint board knows nothing of it');
  assert.deepEqual(
    data(joint, { doc: lane, partyId: 'p1' }).interests.map((i) => [i.id, i.private, i.kind, i.importance]),
    [[id, true, 'constraint', 3]],
  );
  shareInterest(lane, joint, id);
  assert.deepEqual(
    data(joint, { doc: lane, partyId: 'p1' }).interests.map((i) => [i.id, i.private]),
    [[id, false]],
  );
  assert.equal(lane.getMap('interests').size, 0);
});

test('a lane copy of an interest already shared is listed once', () => {
  const joint = newJointDoc();
  const lane = new Y.Doc();
  const id = addInterest(lane, { partyId: 'p1', text: 'Stable volume' })!;
  addInterest(joint, { partyId: 'p1', text: 'Stable volume', id });
  assert.equal(data(joint, { doc: lane, partyId: 'p1' }).interests.length, 1);
});

test('links are one per pair whoever makes them; deleting an interest removes its links and serves', () => {
  const alice = newJointDoc();
  const a = addInterest(alice, { partyId: 'p1', text: 'Predictable price' })!;
  const b = addInterest(alice, { partyId: 'p2', text: 'Predictable volume' })!;
  const bob = forkDoc(alice);
  linkInterests(alice, a, b, 'shared');
  linkInterests(bob, b, a, 'shared');
  syncDocs(alice, bob);
  assert.deepEqual(data(alice).interestLinks, [{ a: a < b ? a : b, b: a < b ? b : a, relation: 'shared' }]);
  assert.equal(linkInterests(alice, a, a, 'shared'), false, 'an interest cannot link to itself');
  const option = addOption(alice, { title: 'Two-year contract' })!;
  setOptionServes(alice, option, a, true);
  assert.deepEqual(data(alice).options[0]!.interestIds, [a]);
  deleteInterest(alice, a);
  assert.deepEqual(data(alice).interestLinks, []);
  assert.deepEqual(data(alice).options[0]!.interestIds, []);
  assert.equal(unlinkInterests(alice, a, b), false);
});

test('moving options: into a cluster at a position, concurrent moves of one option end in one cluster', () => {
  const alice = newJointDoc();
  const [o1, o2, o3] = ['One', 'Two', 'Three'].map((title) => addOption(alice, { title })!);
  const pricing = createCluster(alice, { name: 'Pricing', optionIds: [o1!, o2!] });
  const volume = createCluster(alice, { name: 'Volume' });
  moveOption(alice, o3!, { clusterId: pricing, beforeId: o2! });
  assert.deepEqual(optionsInCluster(alice, pricing), [o1, o3, o2]);
  const bob = forkDoc(alice);
  moveOption(alice, o1!, { clusterId: volume });
  moveOption(bob, o1!, { clusterId: '' });
  syncDocs(alice, bob);
  const places = [pricing, volume, ''].filter((c) => optionsInCluster(alice, c).includes(o1!));
  assert.equal(places.length, 1, 'in exactly one place');
  assert.deepEqual(optionsInCluster(alice, places[0]!), optionsInCluster(bob, places[0]!));
  assert.equal(moveOption(alice, o1!, { clusterId: 'nope' }), false);
});

test('merge, rename and ungroup clusters', () => {
  const doc = newJointDoc();
  const [o1, o2] = ['One', 'Two'].map((title) => addOption(doc, { title })!);
  const a = createCluster(doc, { name: 'A', optionIds: [o1!] });
  const b = createCluster(doc, { name: 'B', optionIds: [o2!] });
  renameCluster(doc, a, 'Price');
  assert.equal(mergeClusters(doc, b, a), true);
  assert.deepEqual(optionsInCluster(doc, a), [o1, o2]);
  assert.deepEqual(data(doc).clusters.map((c) => c.name), ['Price']);
  ungroupCluster(doc, a);
  assert.deepEqual(optionsInCluster(doc, ''), [o1, o2]);
  assert.equal(data(doc).clusters.length, 0);
});

test('an option whose cluster was deleted concurrently counts as unclustered', () => {
  const alice = newJointDoc();
  const o = addOption(alice, { title: 'Orphan' })!;
  const c = createCluster(alice, { name: 'C' });
  const bob = forkDoc(alice);
  moveOption(alice, o, { clusterId: c });
  ungroupCluster(bob, c);
  syncDocs(alice, bob);
  assert.deepEqual(optionsInCluster(alice, ''), [o]);
  assert.deepEqual(optionsInCluster(bob, ''), [o]);
});

test('tags are normalised, concurrent tags both survive, duplicates merge tags and interests', () => {
  const alice = newJointDoc();
  const o = addOption(alice, { title: 'Split the freight' })!;
  const bob = forkDoc(alice);
  setOptionTag(alice, o, ' Timing ', true);
  setOptionTag(bob, o, 'money', true);
  syncDocs(alice, bob);
  assert.deepEqual(data(bob).options[0]!.tags, ['money', 'timing']);
  assert.equal(setOptionTag(alice, o, '=cmd|', true), false, 'not a tag');
  const dup = addOption(alice, { title: 'Share freight', description: 'half each' })!;
  setOptionTag(alice, dup, 'risk', true);
  mergeDuplicateOptions(alice, o, dup);
  const merged = data(alice).options;
  assert.equal(merged.length, 1);
  assert.deepEqual(merged[0]!.tags, ['money', 'risk', 'timing']);
  assert.equal(merged[0]!.description, 'half each');
  deleteOption(alice, o);
  assert.equal(alice.getMap('optionTags').size, 0, 'deleting an option removes its tags');
});

test('ratings live in the lane, in range, clearable; proposals and members too', () => {
  const joint = newJointDoc();
  const lane = new Y.Doc();
  const o = addOption(joint, { title: 'Option' })!;
  assert.equal(setRating(lane, { optionId: o, participantId: 'ann', criterion: 'impact', value: 4 }), true);
  assert.equal(setRating(lane, { optionId: o, participantId: 'ann', criterion: 'impact', value: 6 }), false);
  assert.equal(setRating(lane, { optionId: o, participantId: 'ann', criterion: 'fairness', value: 0 }), false);
  setRating(lane, { optionId: o, participantId: 'ann', criterion: 'fairness', value: 2 });
  setRating(lane, { optionId: o, participantId: 'ann', criterion: 'fairness', value: null });
  recordProposal(lane, o);
  joinAsMember(lane, 'ann', 'Ann');
  const read = data(joint, { doc: lane, partyId: 'p1' });
  assert.deepEqual(read.ratings, [{ optionId: o, partyId: 'p1', participantId: 'ann', criterion: 'impact', value: 4 }]);
  assert.deepEqual(read.authorship, dict([[o, 'p1']]), 'a null-prototype object (dict.ts)');
  assert.equal(data(joint).ratings.length, 0, 'nobody else sees lane ratings');
});

test('shortlist order and stages; a suggested sequence applies in one step', () => {
  const doc = newJointDoc();
  const [a, b, c] = ['A', 'B', 'C'].map((title) => addOption(doc, { title })!);
  for (const id of [a, b, c]) setShortlisted(doc, id!, true);
  moveInShortlist(doc, c!, a!);
  const order = () =>
    data(doc)
      .options.filter((o) => o.shortlisted)
      .sort((x, y) => (x.shortlistOrder < y.shortlistOrder ? -1 : 1))
      .map((o) => o.id);
  assert.deepEqual(order(), [c, a, b]);
  applyShortlistSequence(doc, [
    { optionId: b!, stage: 1 },
    { optionId: a!, stage: 2 },
    { optionId: c!, stage: 2 },
  ]);
  assert.deepEqual(order(), [b, a, c]);
  assert.deepEqual(data(doc).options.map((o) => o.stage), [2, 1, 2]);
  setShortlisted(doc, b!, false);
  assert.deepEqual(order(), [a, c]);
});

test('tradeoffs: linked options, a response per party, deleted with their links', () => {
  const doc = newJointDoc();
  const o = addOption(doc, { title: 'Price path' })!;
  const t = addTradeoff(doc, { partyId: 'p2', concedes: '3% rise', unlocks: 'two-year volume', benefit: 'risk', optionIds: [o] })!;
  respondToTradeoff(doc, t, 'p1', { status: 'questioned', note: 'why 3%?' }, 10);
  respondToTradeoff(doc, t, 'p1', { status: 'confirmed' }, 11);
  const [read] = data(doc).tradeoffs;
  assert.deepEqual(read!.optionIds, [o]);
  assert.deepEqual(read!.responses, dict([['p1', { status: 'confirmed', note: '', at: 11 }]]));
  assert.equal(addTradeoff(doc, { partyId: 'p9x', concedes: 'x', unlocks: 'y' }), null);
  deleteTradeoff(doc, t);
  assert.equal(data(doc).tradeoffs.length, 0);
  assert.equal(doc.getMap('tradeoffOptions').size + doc.getMap('tradeoffResponses').size, 0);
});

test('plans: fields, owners and checkpoints; bad dates refused; concurrent fields both survive', () => {
  const alice = newJointDoc();
  const o = addOption(alice, { title: 'Price path' })!;
  const bob = forkDoc(alice);
  setPlanField(alice, o, 'dueDate', '2027-03-31');
  setPlanOwner(bob, o, 'p2', 'Sam');
  syncDocs(alice, bob);
  assert.deepEqual(data(bob).plans[o], { startDate: '', dueDate: '2027-03-31', metrics: '', escalation: '', owners: dict([['p2', 'Sam']]) });
  assert.equal(setPlanField(alice, o, 'startDate', '31/03/2027'), false);
  const cp = addCheckpoint(alice, { optionId: o, date: '2027-01-15', label: 'First review' })!;
  updateCheckpoint(alice, cp, { date: 'tomorrow' });
  assert.deepEqual(data(alice).checkpoints.map((c) => [c.date, c.label]), [['2027-01-15', 'First review']]);
});

test('debrief notes and relationship health', () => {
  const doc = newJointDoc();
  addDebriefNote(doc, { prompt: 'worked', partyId: 'p1', text: 'Listing interests first', now: 1 });
  assert.equal(addDebriefNote(doc, { prompt: 'worked', text: '  ' }), null);
  setRelationshipHealth(doc, 'p1', 'ann', 4);
  assert.equal(setRelationshipHealth(doc, 'p1', 'ann', 9), false);
  const read = data(doc);
  assert.deepEqual(read.debriefNotes.map((n) => n.text), ['Listing interests first']);
  assert.deepEqual(read.relationshipHealth, [{ partyId: 'p1', participantId: 'ann', value: 4 }]);
});
