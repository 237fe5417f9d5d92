import type { CreateBoardResult } from '@/lib/sync/api';
import { rememberBoard } from '@/lib/sync/local-boards';
import type { CreatedLinks } from './board-links';
import { BOARDS_CHANGED_EVENT } from './remembered-boards';

/**
 * A board just made, from the form or from a file: its links made absolute
 * (they are shared by copy and paste), and the board remembered in this
 * browser with the facilitator's link ("Your boards" is told at once).
 */
export function rememberNewBoard(result: CreateBoardResult, title: string): CreatedLinks {
  const absolute = (url: string) => new URL(url, window.location.origin).href;
  const { links } = result;
  const created: CreatedLinks = {
    boardId: result.id,
    title,
    facilitator: absolute(links.facilitator.url),
    viewer: absolute(links.viewer.url),
    parties: links.parties.map((p) => ({ partyId: p.partyId, name: p.name, url: absolute(p.url) })),
  };
  rememberBoard({ boardId: created.boardId, title, role: 'facilitator', url: created.facilitator, lastOpenedAt: Date.now() });
  window.dispatchEvent(new Event(BOARDS_CHANGED_EVENT));
  return created;
}

/** A server message as a sentence: capital first, full stop last. */
export function asSentence(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}
