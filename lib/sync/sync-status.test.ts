import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SyncStatusTracker } from './sync-status';

test('connecting until every room is connected and synced', () => {
  const tracker = new SyncStatusTracker();
  tracker.addRoom('joint');
  tracker.addRoom('state');
  assert.equal(tracker.getState().status, 'connecting');
  tracker.update('joint', { connected: true, synced: true });
  assert.equal(tracker.getState().status, 'connecting');
  tracker.update('state', { connected: true, synced: true });
  assert.deepEqual(tracker.getState(), { status: 'synced', unsyncedChanges: 0, accessDenied: false });
});

test('offline after a lost connection, counting local changes until synced again', () => {
  const tracker = new SyncStatusTracker();
  tracker.addRoom('joint');
  tracker.update('joint', { connected: true, synced: true });
  tracker.noteLocalChange();
  assert.equal(tracker.getState().unsyncedChanges, 0, 'changes made while synced are sent at once');
  tracker.update('joint', { connected: false, synced: false, everFailed: true });
  tracker.noteLocalChange();
  tracker.noteLocalChange();
  assert.deepEqual(tracker.getState(), { status: 'offline', unsyncedChanges: 2, accessDenied: false });
  tracker.update('joint', { connected: true });
  assert.equal(tracker.getState().status, 'offline', 'connected but not yet synced is not synced');
  tracker.update('joint', { synced: true });
  assert.deepEqual(tracker.getState(), { status: 'synced', unsyncedChanges: 0, accessDenied: false });
});

test('a refused link is reported, and listeners hear only real changes', () => {
  const tracker = new SyncStatusTracker();
  tracker.addRoom('joint');
  let heard = 0;
  tracker.subscribe(() => heard++);
  tracker.update('joint', { connected: false });
  assert.equal(heard, 0, 'nothing changed');
  tracker.update('joint', { denied: true, everFailed: true });
  assert.equal(tracker.getState().accessDenied, true);
  assert.equal(heard, 1);
});
