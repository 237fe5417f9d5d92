/**
 * What a room has stored, as the room counts it: bytes (snapshot + log rows
 * + what is queued; MAX_DOCUMENT_BYTES caps them) and log rows since the
 * last compaction (compaction runs past COMPACT_AFTER_UPDATES).
 */
export class StoredSize {
  private byteCount: number;
  private rowCount = 0;

  constructor(bytes: number) {
    this.byteCount = bytes;
  }

  get bytes(): number {
    return this.byteCount;
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Rows read at load (the log since the last snapshot). */
  startRows(rows: number): void {
    this.rowCount = rows;
  }

  addBytes(bytes: number): void {
    this.byteCount += bytes;
  }

  addRows(rows: number): void {
    this.rowCount += rows;
  }

  /** A compaction merged `merged` rows into a snapshot of `snapshotBytes`; what was accepted meanwhile still counts. */
  compacted(merged: number, snapshotBytes: number, bytesBefore: number): void {
    // Nothing merged: the log was empty, or another process compacted first.
    this.rowCount = merged === 0 ? 0 : Math.max(0, this.rowCount - merged);
    if (merged > 0) this.byteCount = snapshotBytes + (this.byteCount - bytesBefore);
  }

  /** Another process compacted: at most `rowsLeft` rows are in the log after its snapshot. */
  compactedElsewhere(rowsLeft: number): void {
    this.rowCount = Math.min(this.rowCount, rowsLeft);
  }
}
