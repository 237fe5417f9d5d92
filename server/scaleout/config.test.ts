/** Scale-out configuration: defaults, and the combinations refused at start. */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../config';

const SECRET = 's'.repeat(40);

test('scale-out is off by default; DATABASE_URL and REDIS_URL turn it on', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-config-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const embedded = loadConfig({ DATA_DIR: dir });
  assert.equal(embedded.databaseUrl, null);
  assert.equal(embedded.redisUrl, null);
  assert.equal(embedded.catchUpIntervalMs, 5000);
  assert.equal(embedded.maxUnstoredBytes, 8 * 1024 * 1024);
  const scaled = loadConfig({
    DATA_DIR: dir,
    COMMON_GROUND_SECRET: SECRET,
    DATABASE_URL: 'postgres://cg:pw@db.internal:5432/cg',
    REDIS_URL: 'redis://cache.internal:6379',
    CATCHUP_INTERVAL_MS: '1000',
    DATABASE_POOL_SIZE: '20',
  });
  assert.equal(scaled.databaseUrl, 'postgres://cg:pw@db.internal:5432/cg');
  assert.equal(scaled.redisUrl, 'redis://cache.internal:6379');
  assert.equal(scaled.catchUpIntervalMs, 1000);
  assert.equal(scaled.databasePoolSize, 20);
  assert.equal(loadConfig({ DATA_DIR: dir, COMMON_GROUND_SECRET: SECRET, DATABASE_URL: 'postgresql://h/db' }).redisUrl, null);
});

test('refused: a non-PostgreSQL DATABASE_URL, REDIS_URL without a database, a database without a shared secret', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-config-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  assert.throws(() => loadConfig({ DATA_DIR: dir, COMMON_GROUND_SECRET: SECRET, DATABASE_URL: 'mysql://h/db' }), ConfigError);
  assert.throws(() => loadConfig({ DATA_DIR: dir, COMMON_GROUND_SECRET: SECRET, REDIS_URL: 'redis://h' }), /needs DATABASE_URL/);
  assert.throws(() => loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://h/db' }), /needs COMMON_GROUND_SECRET/);
  const error = (() => {
    try {
      loadConfig({ DATA_DIR: dir, COMMON_GROUND_SECRET: SECRET, DATABASE_URL: 'http://user:hunter2@h/db' });
    } catch (e) {
      return e as Error;
    }
  })();
  assert.ok(error && !error.message.includes('hunter2'), 'a password never appears in the error');
});
