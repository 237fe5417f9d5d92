/**
 * BoardActions: the mutations bound to a session's documents and identity,
 * so components can change the board without ever seeing a Yjs type. When
 * the session may not edit (a view-only link, an outdated client) every
 * action is a no-op; the server enforces the same rule on the wire.
 */
import type * as Y from 'yjs';
import * as agree from './agree';
import * as clusters from './clusters';
import * as debrief from './debrief';
import * as decide from './decide';
import * as interests from './interests';
import * as mutations from './mutations';
import * as scoring from './scoring';
import { interestsMap, type Benefit, type Criterion, type DebriefPrompt, type InterestKind, type LinkRelation, type PlanField } from './schema';

export type BoardActionDocs = {
  readonly joint: Y.Doc;
  /** the person's own party lane (party links only) */
  readonly lane?: Y.Doc;
  readonly partyId: string | null;
  /** this browser's participant id on this board (scores and health ratings are keyed by it) */
  readonly participantId: string;
};

export function bindBoardActions(docs: BoardActionDocs, canEdit: () => boolean) {
  const { joint, lane, partyId, participantId } = docs;
  /** Wrap a mutation so it does nothing without edit rights. */
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) =>
    (...args: A): R =>
      canEdit() ? fn(...args) : fallback;
  /** The document that holds an interest: the lane for a private one, else the joint board. */
  const interestDoc = (id: string): Y.Doc => (lane && interestsMap(lane).has(id) ? lane : joint);

  return {
    // Options
    addOption: guard((input: { title: string; description?: string }): string | null => {
      const id = mutations.addOption(joint, input);
      // Side-blind: who proposed it is written in the proposing party's lane only.
      if (id && lane) scoring.recordProposal(lane, id);
      return id;
    }, null),
    updateOption: guard((id: string, patch: mutations.OptionPatch) => void mutations.updateOption(joint, id, patch), undefined),
    deleteOption: guard((id: string) => void mutations.deleteOption(joint, id), undefined),
    mergeDuplicateOptions: guard((keepId: string, duplicateId: string) => clusters.mergeDuplicateOptions(joint, keepId, duplicateId), false),
    setOptionTag: guard((optionId: string, tag: string, on: boolean) => clusters.setOptionTag(joint, optionId, tag, on), false),

    // Frame
    setQuestion: guard((text: string) => void mutations.setQuestion(joint, text), undefined),
    setTitle: guard((text: string) => void mutations.setTitle(joint, text), undefined),
    renameParty: guard((id: string, name: string) => void mutations.renameParty(joint, id, name), undefined),

    // Interests (a private one needs a lane: only party members have one)
    addInterest: guard(
      (input: { text: string; kind?: InterestKind; importance?: number; private?: boolean; partyId?: string }): string | null => {
        const owner = partyId ?? input.partyId;
        if (!owner) return null;
        const target = input.private && lane ? lane : joint;
        return interests.addInterest(target, { ...input, partyId: owner }, { joint, lane });
      },
      null,
    ),
    updateInterest: guard((id: string, patch: interests.InterestPatch) => interests.updateInterest(interestDoc(id), id, patch), false),
    deleteInterest: guard((id: string) => interests.deleteInterest(interestDoc(id), id), false),
    shareInterest: guard((id: string) => (lane ? interests.shareInterest(lane, joint, id) : false), false),
    linkInterests: guard((a: string, b: string, relation: LinkRelation) => interests.linkInterests(joint, a, b, relation), false),
    unlinkInterests: guard((a: string, b: string) => interests.unlinkInterests(joint, a, b), false),
    setOptionServes: guard(
      (optionId: string, interestId: string, serves: boolean) => interests.setOptionServes(joint, optionId, interestId, serves),
      false,
    ),

    // Clusters
    createCluster: guard((name: string, optionIds?: readonly string[]): string | null => clusters.createCluster(joint, { name, optionIds }), null),
    renameCluster: guard((id: string, name: string) => clusters.renameCluster(joint, id, name), false),
    moveOption: guard((optionId: string, target: clusters.MoveTarget) => clusters.moveOption(joint, optionId, target), false),
    mergeClusters: guard((sourceId: string, targetId: string) => clusters.mergeClusters(joint, sourceId, targetId), false),
    ungroupCluster: guard((id: string) => clusters.ungroupCluster(joint, id), false),

    // Scoring (party members only: ratings go to their own lane)
    setRating: guard(
      (optionId: string, criterion: Criterion, value: number | null) =>
        lane ? scoring.setRating(lane, { optionId, participantId, criterion, value }) : false,
      false,
    ),

    // Deciding
    setShortlisted: guard((optionId: string, on: boolean) => decide.setShortlisted(joint, optionId, on), false),
    setStage: guard((optionId: string, stage: number) => decide.setStage(joint, optionId, stage), false),
    moveInShortlist: guard((optionId: string, beforeId: string | null) => decide.moveInShortlist(joint, optionId, beforeId), false),
    applyShortlistSequence: guard(
      (sequence: readonly { optionId: string; stage: number }[]) => decide.applyShortlistSequence(joint, sequence),
      undefined,
    ),
    addTradeoff: guard(
      (input: { partyId: string; concedes: string; unlocks: string; benefit?: Benefit; optionIds?: readonly string[] }) =>
        decide.addTradeoff(joint, input),
      null,
    ),
    updateTradeoff: guard(
      (id: string, patch: { concedes?: string; unlocks?: string; benefit?: Benefit; partyId?: string }) =>
        decide.updateTradeoff(joint, id, patch),
      false,
    ),
    deleteTradeoff: guard((id: string) => decide.deleteTradeoff(joint, id), false),
    linkTradeoffOption: guard(
      (tradeoffId: string, optionId: string, on: boolean) => decide.linkTradeoffOption(joint, tradeoffId, optionId, on),
      false,
    ),
    /** Confirm or question a tradeoff on behalf of one's own party. */
    respondToTradeoff: guard(
      (tradeoffId: string, response: { status: 'confirmed' | 'questioned'; note?: string } | null) =>
        partyId ? decide.respondToTradeoff(joint, tradeoffId, partyId, response) : false,
      false,
    ),

    // Agreeing
    setPlanField: guard((optionId: string, field: PlanField, value: string) => agree.setPlanField(joint, optionId, field, value), false),
    setPlanOwner: guard((optionId: string, owner: string, name: string) => agree.setPlanOwner(joint, optionId, owner, name), false),
    addCheckpoint: guard((optionId: string, date: string, label: string) => agree.addCheckpoint(joint, { optionId, date, label }), null),
    updateCheckpoint: guard((id: string, patch: { date?: string; label?: string }) => agree.updateCheckpoint(joint, id, patch), false),
    deleteCheckpoint: guard((id: string) => agree.deleteCheckpoint(joint, id), false),

    // Debrief
    addDebriefNote: guard(
      (prompt: DebriefPrompt, text: string) => debrief.addDebriefNote(joint, { prompt, text, partyId: partyId ?? undefined }),
      null,
    ),
    updateDebriefNote: guard((id: string, text: string) => debrief.updateDebriefNote(joint, id, text), false),
    deleteDebriefNote: guard((id: string) => debrief.deleteDebriefNote(joint, id), false),
    setRelationshipHealth: guard(
      (value: number | null) => (partyId ? debrief.setRelationshipHealth(joint, partyId, participantId, value) : false),
      false,
    ),
  };
}

export type BoardActions = ReturnType<typeof bindBoardActions>;
