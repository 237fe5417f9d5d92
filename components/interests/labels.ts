import type { InterestKind } from '@/lib/board/schema';

export const KIND_LABELS: Record<InterestKind, string> = {
  need: 'Need',
  concern: 'Concern',
  constraint: 'Constraint',
  priority: 'Priority',
};

export const IMPORTANCE_LABELS: Record<number, string> = { 1: 'Low', 2: 'Medium', 3: 'High' };
