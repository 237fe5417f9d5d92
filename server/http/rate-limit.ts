/**
 * Keyed token buckets and daily quotas, for the limits on unauthenticated
 * board creation and import (attack 21, ./board-limits.ts). Hand-written
 * like server/auth/failed-joins.ts (docs/decisions.md): synchronous, in
 * memory, a few dozen lines, and a refused request must cost no promise
 * or timer.
 *
 * Both forget what they no longer need (a full bucket, an ended day) and
 * track at most MAX_TRACKED keys, the oldest going first, so an attacker
 * with many addresses cannot grow them without bound.
 */

import { EPSILON, refillBucket, type Bucket } from '../limits/bucket';

/** Keys tracked at most per limiter. */
export const MAX_TRACKED = 100_000;
const DAY_MS = 24 * 60 * 60 * 1000;

function track<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_TRACKED) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

/** Token buckets by key: `burst` tokens, refilled at `perMinute` a minute. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly burst: number,
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` has a token (0: it has one now). Takes nothing. */
  wait(key: string): number {
    const tokens = this.refill(key)?.tokens ?? this.burst;
    if (tokens >= 1 - EPSILON) return 0;
    return Math.max(1, Math.ceil(((1 - tokens) * 60) / this.perMinute - 1e-6));
  }

  /** Take one token from `key` (call after `wait` said 0). */
  take(key: string): void {
    const bucket = this.refill(key) ?? track(this.buckets, key, { tokens: this.burst, at: this.now() });
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  get tracked(): number {
    return this.buckets.size;
  }

  private refill(key: string): Bucket | null {
    return refillBucket(this.buckets, key, this.burst, this.perMinute, this.now());
  }

}

type Window = { start: number; used: number };

/**
 * An amount per key per day: a key's day starts with its first use and
 * lasts 24 hours; within it at most `perDay` may be reserved. A reservation
 * that did not lead to anything (the request failed) is released.
 */
export class DailyQuota {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly perDay: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `amount` more fits for `key` (0: it fits now). Reserves nothing. */
  wait(key: string, amount: number): number {
    const window = this.current(key);
    if (!window || window.used + amount <= this.perDay) return 0;
    return Math.max(1, Math.ceil((window.start + DAY_MS - this.now()) / 1000));
  }

  reserve(key: string, amount: number): void {
    const window = this.current(key) ?? track(this.windows, key, { start: this.now(), used: 0 });
    window.used += amount;
  }

  release(key: string, amount: number): void {
    const window = this.current(key);
    if (window) window.used = Math.max(0, window.used - amount);
  }

  used(key: string): number {
    return this.current(key)?.used ?? 0;
  }

  private current(key: string): Window | null {
    const window = this.windows.get(key);
    if (!window) return null;
    if (this.now() - window.start >= DAY_MS) {
      this.windows.delete(key);
      return null;
    }
    return window;
  }
}
