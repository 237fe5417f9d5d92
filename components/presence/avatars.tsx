'use client';

import type { Peer } from '@/lib/sync/session';
import type { PartyLook } from '@/components/board/party-badge';
import { VIEW_LABELS } from '@/components/board/view-nav';

const MAX_SHOWN = 6;
const NEUTRAL = '#4a5466';

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? `${words[0]![0]}${words[words.length - 1]![0]}` : (words[0] ?? '?').slice(0, 2);
  return letters.toLocaleUpperCase();
}

function describe(peer: Peer, look: PartyLook | undefined): { side: string; letter: string; color: string } {
  if (peer.role === 'facilitator') return { side: 'facilitator', letter: 'F', color: NEUTRAL };
  if (peer.role === 'viewer') return { side: 'viewing only', letter: 'V', color: NEUTRAL };
  if (look) return { side: look.name, letter: look.letter, color: look.color };
  return { side: 'a party', letter: '?', color: NEUTRAL };
}

/** Who is here: initials ringed in the party colour, with the party letter beside (never colour alone). */
export function PresenceAvatars({ peers, looks }: { peers: readonly Peer[]; looks: Map<string, PartyLook> }) {
  const shown = peers.slice(0, MAX_SHOWN);
  const hidden = peers.slice(MAX_SHOWN);
  return (
    <ul aria-label={`People on the board: ${peers.length}`} data-testid="presence" className="flex items-center gap-2">
      {shown.map((peer) => {
        const who = describe(peer, peer.partyId ? looks.get(peer.partyId) : undefined);
        const label = `${peer.name}${peer.isSelf ? ' (you)' : ''}, ${who.side}${peer.view ? `, looking at ${VIEW_LABELS[peer.view]}` : ''}`;
        return (
          <li
            key={peer.clientId}
            data-testid="peer"
            data-party={peer.partyId ?? peer.role}
            data-view={peer.view ?? undefined}
            title={label}
            className="relative"
          >
            <span
              aria-hidden
              className="flex h-8 w-8 items-center justify-center rounded-full border-[3px] bg-white text-[11px] font-semibold text-ink"
              style={{ borderColor: who.color }}
            >
              {initials(peer.name)}
            </span>
            <span
              aria-hidden
              className="absolute -right-1 -bottom-1 flex h-4 min-w-4 items-center justify-center rounded-full border bg-white px-0.5 text-[9px] leading-none font-bold text-ink"
              style={{ borderColor: who.color }}
            >
              {who.letter}
            </span>
            <span className="sr-only">{label}</span>
          </li>
        );
      })}
      {hidden.length > 0 ? (
        <li
          title={hidden.map((p) => p.name).join(', ')}
          className="flex h-8 min-w-8 items-center justify-center rounded-full border border-line bg-white px-1 text-xs font-medium"
        >
          +{hidden.length}
          <span className="sr-only"> more: {hidden.map((p) => p.name).join(', ')}</span>
        </li>
      ) : null}
    </ul>
  );
}
