/**
 * The board as the human-readable exports present it: shortlist in stage
 * order, the other options grouped by cluster, scores per option, common
 * ground. Markdown, CSV and PDF all lay out this one summary, so they can
 * never disagree about order or figures.
 */
import type { Checkpoint, Cluster, Party } from '@/lib/board/schema';
import type { InterestData, OptionData, PlanData, TradeoffData } from '@/lib/board/board-data';
import { compareByOrder } from '@/lib/board/order';
import { own } from '@/lib/board/dict';
import { scoreBoard, type OptionScore } from '@/lib/board/derive/scores';
import { partyScoresHidden, visibleTo, type Audience, type VisibleBoard } from './audience';

export type Scope = 'shortlist' | 'board';

export type OptionSummary = {
  readonly option: OptionData;
  readonly cluster: Cluster | null;
  /** null unless authorship is revealed or it is the audience's own party */
  readonly proposedBy: Party | null;
  readonly score: OptionScore;
  readonly interests: readonly InterestData[];
  readonly tradeoffs: readonly TradeoffData[];
  readonly plan: PlanData | null;
  readonly checkpoints: readonly Checkpoint[];
};

export type ClusterGroup = { readonly cluster: Cluster | null; readonly options: readonly OptionSummary[] };
export type InterestPair = { readonly a: InterestData; readonly b: InterestData };

export type BoardSummary = {
  readonly board: VisibleBoard;
  readonly shortlist: readonly OptionSummary[];
  /** scope 'board' only: the options not on the shortlist, by cluster, unclustered last */
  readonly others: readonly ClusterGroup[];
  readonly shared: readonly InterestPair[];
  readonly tensions: readonly InterestPair[];
};

/** Stage 1 first; 0 ("not staged yet") after every numbered stage. */
const stageRank = (stage: number): number => (stage === 0 ? Number.MAX_SAFE_INTEGER : stage);

/** Shortlist order: stage, then shortlistOrder ('' = not ordered yet: after the ordered ones), then board order. */
export function compareShortlist(a: OptionData, b: OptionData): number {
  const byStage = stageRank(a.stage) - stageRank(b.stage);
  if (byStage) return byStage;
  if (a.shortlistOrder !== b.shortlistOrder) {
    if (!a.shortlistOrder) return 1;
    if (!b.shortlistOrder) return -1;
    return a.shortlistOrder < b.shortlistOrder ? -1 : 1;
  }
  return compareByOrder(a, b);
}

export function partyName(board: VisibleBoard, partyId: string): string {
  const index = board.parties.findIndex((p) => p.id === partyId);
  const party = board.parties[index];
  if (!party) return partyId;
  return party.name || `Party ${index + 1}`;
}

export const optionTitle = (option: OptionData): string => option.title || 'Untitled option';

export function summarize(data: Parameters<typeof visibleTo>[0], audience: Audience, scope: Scope): BoardSummary {
  const board = visibleTo(data, audience);
  const scores = scoreBoard(
    board.options.map((o) => o.id),
    board.ratings,
    board.parties,
    { weights: board.state.weights, threshold: board.state.worksForBothThreshold },
  );
  const interestById = new Map(board.interests.map((i) => [i.id, i]));
  const clusterById = new Map(board.clusters.map((c) => [c.id, c]));
  const partyById = new Map(board.parties.map((p) => [p.id, p]));

  const summaryOf = (option: OptionData): OptionSummary => ({
    option,
    cluster: clusterById.get(option.clusterId) ?? null,
    proposedBy: partyById.get(own(board.authorship, option.id) ?? '') ?? null,
    score: scores.get(option.id)!,
    interests: option.interestIds.map((id) => interestById.get(id)!).sort(compareByOrder),
    tradeoffs: board.tradeoffs.filter((t) => t.optionIds.includes(option.id)),
    plan: own(board.plans, option.id) ?? null,
    checkpoints: board.checkpoints.filter((c) => c.optionId === option.id),
  });

  const shortlist = board.options.filter((o) => o.shortlisted).sort(compareShortlist).map(summaryOf);
  const others: ClusterGroup[] = [];
  if (scope === 'board') {
    const rest = board.options.filter((o) => !o.shortlisted);
    for (const cluster of [...board.clusters, null]) {
      const options = rest.filter((o) => o.clusterId === (cluster?.id ?? '')).map(summaryOf);
      if (options.length) others.push({ cluster, options });
    }
  }

  const pairs = (relation: 'shared' | 'tension'): InterestPair[] =>
    board.interestLinks
      .filter((l) => l.relation === relation)
      .map((l) => ({ a: interestById.get(l.a)!, b: interestById.get(l.b)! }))
      .map((p) => (compareByOrder(p.a, p.b) <= 0 ? p : { a: p.b, b: p.a }))
      .sort((x, y) => compareByOrder(x.a, y.a) || compareByOrder(x.b, y.b));

  return { board, shortlist, others, shared: pairs('shared'), tensions: pairs('tension') };
}

/** Every option in the summary, shortlist first. */
export const allOptions = (summary: BoardSummary): OptionSummary[] => [
  ...summary.shortlist,
  ...summary.others.flatMap((g) => g.options),
];

/** One decimal for people; the CSV keeps two. */
export const formatScore = (value: number | null): string => (value === null ? '–' : value.toFixed(1));

export const HIDDEN_UNTIL_REVEAL = 'hidden until reveal';

export { partyScoresHidden };

export const STAGE_LABEL = (stage: number): string => (stage === 0 ? 'Not staged yet' : `Stage ${stage}`);
