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
 *
 * Scale-out: behind a load balancer a guesser's attempts spread over the
 * processes, so each process also tells the others about every failure it
 * counts (`FailedJoinSharing`, over Redis) and counts theirs (`countRemote`)
 * in the same bucket. Best effort, like all pub/sub: a failure published
 * while Redis is away is not seen elsewhere, and each process's own count
 * still applies — the budget is then at most N times the limit, as without
 * sharing. Checks stay synchronous and local: nothing waits for Redis.
 */
import { createHmac } from 'node:crypto';
import { EPSILON, refillBucket, type Bucket } from '../limits/bucket';

/** Addresses tracked at most; the oldest entries go first beyond it. */
const MAX_TRACKED = 100_000;

/** How failures are shared between processes (scale-out); without it the limiter is local only. */
export type FailedJoinSharing = {
  /** The bucket key of an address: what is published, and what other processes' failures name. */
  key(address: string): string;
  /** Tell the other processes about one failure of this key (best effort, never throws). */
  publish(key: string): void;
};

/** Bytes of an address digest: 128 bits, no two addresses alike in practice. */
const DIGEST_BYTES = 16;
const DIGEST_SHAPE = /^[A-Za-z0-9_-]{22}$/; // DIGEST_BYTES in base64url, unpadded

/**
 * The shared key of an address: a keyed hash (HMAC-SHA256 under a key
 * derived from the server secret, which every scale-out process has).
 * Why hash at all: the key crosses Redis, where anyone who may SUBSCRIBE
 * (or MONITOR) sees every message, and a client address is personal data we
 * have no need to show there; a digest still names the same bucket on every
 * process. Why keyed: an unkeyed hash of an IPv4 address is reversed by
 * trying all 2^32 of them in minutes.
 */
export function addressDigest(secret: Buffer): (address: string) => string {
  // Derived so the secret itself never keys anything but tokens (their inputs hold ':', this one does not).
  const key = createHmac('sha256', secret).update('failed-join-address-digest').digest();
  return (address) => createHmac('sha256', key).update(address).digest().subarray(0, DIGEST_BYTES).toString('base64url');
}

/** Whether a key from another process has the shape `addressDigest` gives (anything else is ignored). */
export function isAddressDigest(value: string): boolean {
  return DIGEST_SHAPE.test(value);
}

export class FailedJoinLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly key: (address: string) => string;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sharing: FailedJoinSharing | null = null,
  ) {
    this.key = sharing ? (address) => sharing.key(address) : (address) => address;
  }

  /** Whether this address may not try to join now. */
  blocked(address: string): boolean {
    const bucket = this.refill(this.key(address));
    return bucket !== null && bucket.tokens < 1 - EPSILON;
  }

  /** Seconds until the address may try again (0 when it may now). */
  retryAfterSeconds(address: string): number {
    const bucket = this.refill(this.key(address));
    if (!bucket || bucket.tokens >= 1 - EPSILON) return 0;
    return Math.ceil(((1 - bucket.tokens) * 60) / this.perMinute);
  }

  /**
   * Count one refused join here, and tell the other processes (with sharing).
   * Returns true when this failure used up the address's budget.
   */
  fail(address: string): boolean {
    const key = this.key(address);
    const exhausted = this.take(key);
    this.sharing?.publish(key);
    return exhausted;
  }

  /** Count a failure another process saw (its `FailedJoinSharing.key`); not published again. */
  countRemote(key: string): void {
    this.take(key);
  }

  /** Take one token from the key's bucket; true when it is now empty. */
  private take(key: string): boolean {
    let bucket = this.refill(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.perMinute, at: this.now() };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    return bucket.tokens < 1 - EPSILON;
  }

  get tracked(): number {
    return this.buckets.size;
  }

  private refill(key: string): Bucket | null {
    return refillBucket(this.buckets, key, this.perMinute, this.perMinute, this.now());
  }

}
