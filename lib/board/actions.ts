/**
 * BoardActions: the mutations bound to a session's documents, so components
 * can change the board without ever seeing a Yjs type. When the session may
 * not edit (a view-only link, an outdated client) every action is a no-op;
 * the server enforces the same rule on the wire.
 */
import type * as Y from 'yjs';
import * as mutations from './mutations';

export type BoardActions = {
  addOption(input: { title: string; description?: string }): string | null;
  updateOption(id: string, patch: mutations.OptionPatch): void;
  deleteOption(id: string): void;
  setQuestion(text: string): void;
  setTitle(text: string): void;
  renameParty(partyId: string, name: string): void;
};

export function bindBoardActions(docs: { joint: Y.Doc }, canEdit: () => boolean): BoardActions {
  const { joint } = docs;
  return {
    addOption: (input) => (canEdit() ? mutations.addOption(joint, input) : null),
    updateOption: (id, patch) => void (canEdit() && mutations.updateOption(joint, id, patch)),
    deleteOption: (id) => void (canEdit() && mutations.deleteOption(joint, id)),
    setQuestion: (text) => void (canEdit() && mutations.setQuestion(joint, text)),
    setTitle: (text) => void (canEdit() && mutations.setTitle(joint, text)),
    renameParty: (partyId, name) => void (canEdit() && mutations.renameParty(joint, partyId, name)),
  };
}
