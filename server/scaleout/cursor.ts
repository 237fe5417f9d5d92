/**
 * How far a process has followed one room's shared update log.
 *
 * `watermark`: every row with an id at or below it is in the room's
 * document. It moves only by reading the database (load, catch-up), which
 * sees every committed row up to what it reports — never by what Redis
 * delivered, because pub/sub may have dropped a message with a lower id.
 *
 * `known`: ids above the watermark already in the document (this process
 * stored them, or Redis delivered them), so catch-up neither fetches nor
 * re-applies their bytes. Pruned as the watermark passes them; at most a
 * catch-up interval's worth of rows.
 */
export class LogCursor {
  private known = new Set<number>();

  constructor(private mark: number) {}

  get watermark(): number {
    return this.mark;
  }

  has(id: number): boolean {
    return id <= this.mark || this.known.has(id);
  }

  /** Ids now in the document (stored here, or delivered by Redis). */
  add(ids: Iterable<number>): void {
    for (const id of ids) if (id > this.mark) this.known.add(id);
  }

  /** The database was read up to `id`: everything at or below it is in the document. */
  advance(id: number): void {
    if (id <= this.mark) return;
    this.mark = id;
    for (const known of this.known) if (known <= id) this.known.delete(known);
  }

  /** How many ids above the watermark are remembered (a catch-up prunes them). */
  get size(): number {
    return this.known.size;
  }

  knownAbove(): number[] {
    return [...this.known];
  }
}
