import type { BoardOption } from '@/lib/board/schema';

/** Stage 0 means "not staged yet": those come after every numbered stage. */
const stageRank = (stage: number) => (stage === 0 ? Number.MAX_SAFE_INTEGER : stage);
/** An option starred before ordering existed has no key: after the ordered ones. */
const orderKey = (o: BoardOption) => o.shortlistOrder || 'zz';

/** The order the shortlist's own keys give (what moveInShortlist positions against). */
export function byShortlistOrder(a: BoardOption, b: BoardOption): number {
  const ka = orderKey(a);
  const kb = orderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The shortlist as it is shown: by stage (unstaged last), then by its order. */
export function shortlistInSequence(options: readonly BoardOption[]): BoardOption[] {
  return options.filter((o) => o.shortlisted).sort((a, b) => stageRank(a.stage) - stageRank(b.stage) || byShortlistOrder(a, b));
}

export const stageLabel = (stage: number): string => (stage === 0 ? 'Not staged' : `Stage ${stage}`);

/**
 * Where a dragged item lands: it joins the stage of the item before it (or,
 * dropped first, of the item after it), and is placed right before the next
 * item of that stage — or right after the previous one when it ends its stage.
 * `list` is the shown sequence after the move.
 */
export function placement(
  list: readonly BoardOption[],
  index: number,
): { stage: number; beforeId: string | null } {
  const item = list[index]!;
  const prev = list[index - 1];
  const next = list[index + 1];
  const stage = prev ? prev.stage : next ? next.stage : item.stage;
  if (next && next.stage === stage) return { stage, beforeId: next.id };
  if (!prev) return { stage, beforeId: null };
  // After prev in the shortlist's own order: before whatever follows prev there.
  const global = list.filter((o) => o.id !== item.id).sort(byShortlistOrder);
  const successor = global[global.findIndex((o) => o.id === prev.id) + 1];
  return { stage, beforeId: successor?.id ?? null };
}
