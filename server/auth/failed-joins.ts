/**
 * Failed-join rate limiting (attack 3: guessing board ids or links). Every
 * refused token (websocket 4401/4403, HTTP 401/403 on a board route) takes
 * one token from its address's bucket; the bucket refills at
 * `perMinute` a minute. An address with an empty bucket is refused outright
 * (websocket 1013, HTTP 429) — even with a good token, so that a guesser
 * cannot tell a hit from a miss while limited — until the bucket refills.
 *
 * Ids and tokens carry 128+ random bits, so guessing is hopeless anyway;
 * this keeps a guesser from costing us database lookups and log lines.
 */

type Bucket = { tokens: number; at: number };

/** Addresses tracked at most; the oldest entries go first beyond it. */
const MAX_TRACKED = 100_000;
/** Refills add fractions: a bucket this close to a whole attempt has it. */
const EPSILON = 1e-9;

export class FailedJoinLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this address may not try to join now. */
  blocked(address: string): boolean {
    const bucket = this.refill(address);
    return bucket !== null && bucket.tokens < 1 - EPSILON;
  }

  /** Seconds until the address may try again (0 when it may now). */
  retryAfterSeconds(address: string): number {
    const bucket = this.refill(address);
    if (!bucket || bucket.tokens >= 1 - EPSILON) return 0;
    return Math.ceil(((1 - bucket.tokens) * 60) / this.perMinute);
  }

  /** Count one refused join. Returns true when this failure used up the address's budget. */
  fail(address: string): boolean {
    let bucket = this.refill(address);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.perMinute, at: this.now() };
      this.buckets.set(address, bucket);
    }
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    return bucket.tokens < 1 - EPSILON;
  }

  get tracked(): number {
    return this.buckets.size;
  }

  /** Refill by the time elapsed; a full bucket is forgotten (returns null). */
  private refill(address: string): Bucket | null {
    const bucket = this.buckets.get(address);
    if (!bucket) return null;
    const now = this.now();
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    if (bucket.tokens >= this.perMinute - EPSILON) {
      this.buckets.delete(address);
      return null;
    }
    return bucket;
  }
}
