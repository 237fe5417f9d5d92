/**
 * The token bucket both address limiters use (server/auth/failed-joins.ts,
 * server/http/rate-limit.ts): `capacity` tokens, refilled at `perMinute`; a
 * bucket that is full again is forgotten, so only addresses that spent
 * something are tracked.
 */

/** Floating-point slack when comparing token counts. */
export const EPSILON = 1e-9;

export type Bucket = { tokens: number; at: number };

/** Refill `key`'s bucket by the time elapsed; a full bucket is forgotten (null). */
export function refillBucket(buckets: Map<string, Bucket>, key: string, capacity: number, perMinute: number, now: number): Bucket | null {
  const bucket = buckets.get(key);
  if (!bucket) return null;
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute);
  bucket.at = now;
  if (bucket.tokens >= capacity - EPSILON) {
    buckets.delete(key);
    return null;
  }
  return bucket;
}
