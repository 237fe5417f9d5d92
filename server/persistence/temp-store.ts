/** Tests: a SQLite store in a fresh temporary directory, closed and removed after the test. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { SqliteDocStore, type SqliteOptions } from './sqlite';

export async function tempSqliteStore(
  t: TestContext,
  prefix = 'cg-store-',
  options: Partial<Omit<SqliteOptions, 'dataDir'>> = {},
): Promise<{ store: SqliteDocStore; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const store = new SqliteDocStore({ synchronous: 'NORMAL', ...options, dataDir: dir });
  t.after(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  return { store, dir };
}
