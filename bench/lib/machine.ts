/** The machine and the versions a run used. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from './rpc';

export type Machine = { cpu: string; cores: number; memoryGiB: number; os: string };

export function machine(): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1]!.trim();
  } catch {
    // not Linux
  }
  return { cpu, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 1024 ** 3), os: `${os.type()} ${os.release()}` };
}

export function packageVersion(name: string): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export const VERSIONED = ['yjs', 'ws', 'better-sqlite3', '@y/websocket-server', 'y-websocket', 'y-protocols', 'next', 'react', 'playwright'] as const;

export function versions(): Record<string, string> {
  return { node: process.version, ...Object.fromEntries(VERSIONED.map((name) => [name, packageVersion(name)])) };
}

/** 1-minute load average: other work on the machine while a section ran. */
export const load1 = (): number => os.loadavg()[0]!;

function cpuTimes(): { busy: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Share of all cores busy over the next `ms` (0..1), from /proc/stat; NaN where there is none. */
export async function busyShare(ms = 1000): Promise<number> {
  try {
    const a = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const b = cpuTimes();
    return (b.busy - a.busy) / Math.max(1, b.total - a.total);
  } catch {
    return NaN;
  }
}

/**
 * Benchmarks on 2 cores measure whatever else runs too (other people's test
 * runs, builds). Before a section, wait at most `maxMs` for the machine to be
 * quiet (under `threshold` of all cores busy); return what it was at the start.
 */
export async function waitQuiet(maxMs: number, threshold = 0.2): Promise<number> {
  const deadline = Date.now() + maxMs;
  let share = await busyShare();
  while (share > threshold && Date.now() < deadline) share = await busyShare(2000);
  return share;
}
