/** Configuration: defaults, validation, and the generated secret. */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config';

test('defaults, and a secret generated once with mode 0600', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-config-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const config = loadConfig({ DATA_DIR: dir, PORT: '' });
  assert.equal(config.port, 3000);
  assert.equal(config.sqliteSynchronous, 'NORMAL');
  assert.equal(config.allowedOrigins, null);
  assert.equal(config.limits.maxMessageBytes, 4 * 1024 * 1024);
  assert.equal(config.keepaliveMs, 15_000);
  assert.equal(config.roomUnloadGraceMs, 30_000);
  assert.equal(config.trustProxy, false);
  assert.deepEqual(
    {
      bytesPerSecond: config.limits.bytesPerSecond,
      maxDocumentBytes: config.limits.maxDocumentBytes,
      maxPendingBytes: config.limits.maxPendingBytes,
      maxConnectionsPerIp: config.limits.maxConnectionsPerIp,
      failedJoinsPerMinute: config.limits.failedJoinsPerMinute,
    },
    { bytesPerSecond: 1024 * 1024, maxDocumentBytes: 16 * 1024 * 1024, maxPendingBytes: 1024 * 1024, maxConnectionsPerIp: 200, failedJoinsPerMinute: 30 },
    'the defaults docs/operations.md documents',
  );
  const stat = await fs.stat(path.join(dir, 'secret'));
  assert.equal(stat.mode & 0o777, 0o600);
  assert.ok(config.secret.length >= 32);
  assert.deepEqual(loadConfig({ DATA_DIR: dir }).secret, config.secret, 'kept across restarts');
  const explicit = loadConfig({ DATA_DIR: dir, COMMON_GROUND_SECRET: 's'.repeat(40) });
  assert.equal(explicit.secret.toString(), 's'.repeat(40));
});

test('invalid values fail loudly', async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-config-'));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  assert.throws(() => loadConfig({ DATA_DIR: dir, PORT: 'eighty' }), ConfigError);
  assert.throws(() => loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF' }), ConfigError);
  assert.throws(() => loadConfig({ DATA_DIR: dir, COMMON_GROUND_SECRET: 'short' }), ConfigError);
  assert.throws(() => loadConfig({ DATA_DIR: dir, ALLOWED_ORIGINS: 'not a url' }), ConfigError);
  assert.throws(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'yes' }), ConfigError);
  assert.throws(() => loadConfig({ DATA_DIR: dir, MAX_DOCUMENT_BYTES: '10' }), ConfigError);
  assert.equal(loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'true' }).trustProxy, true);
  const origins = loadConfig({ DATA_DIR: dir, ALLOWED_ORIGINS: 'https://a.example/, http://b.example:8080' });
  assert.deepEqual(origins.allowedOrigins, ['https://a.example', 'http://b.example:8080']);
});
