/** Percentiles (nearest rank) and small formatting helpers. */

export type Summary = { count: number; p50: number; p95: number; p99: number; max: number };

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1]! : NaN };
}

export function concat(arrays: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

export const median = (values: number[]): number => summarize(values).p50;

export const ms = (v: number, digits = 1): string => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : '–');
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const int = (v: number): string => Math.round(v).toLocaleString('en-US');

export const sleep = (msec: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, msec));

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Deliveries grouped by the update they carried. */
export function byUpdate(latencies: ArrayLike<number>, updates: ArrayLike<number>): Float64Array[] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < latencies.length; i++) {
    const key = updates[i]!;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(latencies[i]!);
  }
  return [...groups.values()].map((group) => Float64Array.from(group));
}

/** Nearest-rank p99 of the deliveries of `picked` updates. */
function p99Of(groups: readonly Float64Array[], picked: Uint32Array): number {
  let total = 0;
  for (const i of picked) total += groups[i]!.length;
  const all = new Float64Array(total);
  let offset = 0;
  for (const i of picked) {
    all.set(groups[i]!, offset);
    offset += groups[i]!.length;
  }
  all.sort();
  return all[Math.min(total - 1, Math.ceil(0.99 * total) - 1)]!;
}

/**
 * A 95 % interval for p99(a) − p99(b), by bootstrap over updates: all
 * deliveries of one update share its fate (a stall on the way delays every
 * one of them), so it is updates that are resampled, not deliveries. Seeded
 * (mulberry32), so the same figures give the same interval.
 */
export function p99DifferenceInterval(a: readonly Float64Array[], b: readonly Float64Array[], resamples = 200): [number, number] {
  let seed = 0x9e3779b9;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (n: number): Uint32Array => Uint32Array.from({ length: n }, () => Math.floor(random() * n));
  const differences = Float64Array.from({ length: resamples }, () => p99Of(a, pick(a.length)) - p99Of(b, pick(b.length))).sort();
  return [differences[Math.floor(0.025 * resamples)]!, differences[Math.ceil(0.975 * resamples) - 1]!];
}
