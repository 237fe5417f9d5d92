/** update-filter: which updates may change the set of options (real Yjs edits, one update each). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as Y from 'yjs';
import { addOption, deleteOption, updateOption } from '@/lib/board/mutations';
import { ROOT } from '@/lib/board/schema';
import { mayChangeKeysOf } from './update-filter';

/** The updates `edit` makes on `doc`. */
function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  const listen = (update: Uint8Array) => out.push(update);
  doc.on('update', listen);
  edit();
  doc.off('update', listen);
  return out;
}

const anyChanges = (updates: Uint8Array[]) => updates.some((update) => mayChangeKeysOf(update, ROOT.options));

test('adding and deleting options may change the set; editing a field, or another root, does not', () => {
  const doc = new Y.Doc();
  let id = '';
  assert.equal(anyChanges(updatesOf(doc, () => (id = addOption(doc, { title: 'one', description: '' })!))), true, 'added');
  assert.equal(anyChanges(updatesOf(doc, () => updateOption(doc, id, { title: 'renamed' }))), false, 'a title edit');
  assert.equal(anyChanges(updatesOf(doc, () => doc.getMap(ROOT.ratings).set(`${id}/p1`, 425))), false, 'another root');
  assert.equal(anyChanges(updatesOf(doc, () => deleteOption(doc, id))), true, 'deleted');
});

test('an option set again under a deleted key (an undo) may change the set, though the update does not name the root', () => {
  const doc = new Y.Doc();
  const options = doc.getMap<Y.Map<unknown>>(ROOT.options);
  options.set('k', new Y.Map());
  options.delete('k');
  const updates = updatesOf(doc, () => options.set('k', new Y.Map()));
  assert.equal(Y.decodeUpdate(updates[0]!).structs.some((s) => s instanceof Y.Item && (s.parent as unknown) === ROOT.options), false);
  assert.equal(anyChanges(updates), true);
});
