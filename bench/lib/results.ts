/** The figures of one run (bench/results.json), as bench/run.ts collects them and ./report.ts renders them. */
import type { BrowserResult } from '../browser';
import type { ColdLoadRow, MemoryResult } from '../room-costs';
import type { ScoringResult } from '../scoring';
import type { StoreRow } from '../store';
import type { CapacityRow, LatencyRow } from '../sync';
import type { Machine } from './machine';

export type Results = {
  startedAt: string;
  durationS: number;
  quick: boolean;
  machine: Machine;
  versions: Record<string, string>;
  config: Record<string, unknown>;
  busyBefore: Record<string, number>;
  busyAfter?: number;
  errors?: Record<string, string>;
  store?: StoreRow[];
  latency?: { ours: LatencyRow[]; reference: LatencyRow[] };
  capacity?: { ours: CapacityRow[]; reference: CapacityRow[] };
  /** the capacity ramp on ours alone with bench/lib/disk-load.ts running (the reference keeps nothing on disk) */
  capacityDisk?: { ours: CapacityRow[] };
  memory?: { ours?: MemoryResult; reference?: MemoryResult };
  cold?: { ours: ColdLoadRow[]; reference: ColdLoadRow[] };
  /** ours alone: a scoring session's cost (the publisher) */
  scoring?: { ours: ScoringResult };
  browser?: BrowserResult;
};
