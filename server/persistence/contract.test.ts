/**
 * The storage contract (contract.ts) against every driver: SQLite in a temp
 * directory, and PostgreSQL started by the test (server/test/services.ts;
 * skipped with the reason when it is not installed, except under CI=true).
 * Plus what only the PostgreSQL driver has: schema versioning across
 * processes starting together, and which errors are worth retrying.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { scaleoutServices } from '../test/services';
import { storageContract, type ContractHandle } from './contract';
import { PostgresDocStore } from './postgres';
import { SqliteDocStore } from './sqlite';
import type { DocStore } from './types';

const services = scaleoutServices(after);

storageContract({
  name: 'sqlite',
  async open(t): Promise<ContractHandle> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-contract-'));
    const stores: DocStore[] = [];
    const open = () => {
      const store = new SqliteDocStore({ dataDir: dir, synchronous: 'NORMAL' });
      stores.push(store);
      return store;
    };
    t.after(async () => {
      for (const store of stores) await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    });
    return { store: open(), another: async () => open() };
  },
});

storageContract({
  name: 'postgres',
  async open(t): Promise<ContractHandle | null> {
    const found = await services.get(t);
    if (!found) return null;
    const url = await found.postgres.newDatabase();
    const stores: PostgresDocStore[] = [];
    const open = async () => {
      const store = new PostgresDocStore({ url, poolSize: 4 });
      stores.push(store);
      await store.open();
      return store;
    };
    t.after(async () => {
      for (const store of stores) await store.close();
    });
    return { store: await open(), another: open };
  },
});

test('postgres: processes starting together migrate once; a newer schema is refused', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  const url = await found.postgres.newDatabase();
  const stores = [1, 2, 3].map(() => new PostgresDocStore({ url, poolSize: 2 }));
  t.after(() => Promise.all(stores.map((s) => s.close())));
  await Promise.all(stores.map((s) => s.open()));
  assert.equal(await stores[0]!.isWritable(), true);

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('UPDATE cg_schema SET version = 99');
  await admin.end();
  const newer = new PostgresDocStore({ url, poolSize: 1 });
  t.after(() => newer.close());
  await assert.rejects(newer.open(), /newer than this server/);
});

test('postgres: a lost connection is worth retrying, a broken statement is not', async (t) => {
  const found = await services.get(t);
  if (!found) return;
  const url = await found.postgres.newDatabase();
  const store = new PostgresDocStore({ url, poolSize: 1 });
  t.after(() => store.close());
  await store.open();
  const duplicate = { id: 'd'.repeat(22), title: 't', createdAt: 1, epoch: 0, parties: [] };
  await store.createBoard(duplicate, []);
  const conflict = await store.createBoard(duplicate, []).catch((e: unknown) => e);
  assert.equal(store.isTransientError(conflict), false, 'a unique violation is permanent');

  const nowhere = new PostgresDocStore({ url: `postgres://postgres@127.0.0.1:1/none`, poolSize: 1, connectTimeoutMs: 500 });
  const refused = await nowhere.append('room', [new Uint8Array([0, 0])]).catch((e: unknown) => e);
  assert.ok(refused instanceof Error);
  assert.equal(nowhere.isTransientError(refused), true, `connection refused is transient (${String(refused)})`);
  assert.equal(await nowhere.isWritable(), false);
  await nowhere.close();
  assert.equal(nowhere.isTransientError(refused), false, 'nothing is retried on a closed store');
});
