'use client';

import { Move, PencilLine } from 'lucide-react';
import type { Peer } from '@/lib/sync/presence';
import type { PartyLook } from '@/components/board/party-badge';
import { hasActivity, names, type RecordActivity } from './activity';

const NEUTRAL = '#4a5466';

function colour(peers: readonly Peer[], looks: Map<string, PartyLook>): string {
  const party = peers[0]?.partyId;
  return (party && looks.get(party)?.color) || NEUTRAL;
}

/** "Bob is editing" / "Ann is moving this" on a card: a quiet chip with the person's party colour as its edge. */
export function ActivityBadge({ activity, looks }: { activity: RecordActivity; looks: Map<string, PartyLook> }) {
  if (!hasActivity(activity)) return null;
  const moving = activity.dragging.length > 0;
  const peers = moving ? activity.dragging : activity.editing;
  const verb = moving ? 'moving this' : 'editing';
  const text = `${names(peers)} ${peers.length > 1 ? 'are' : 'is'} ${verb}`;
  return (
    <span
      data-testid={moving ? 'peer-dragging' : 'peer-editing'}
      className="inline-flex max-w-full items-center gap-1 rounded-full border-l-4 bg-paper px-2 py-0.5 text-xs font-medium text-ink"
      style={{ borderLeftColor: colour(peers, looks) }}
    >
      {moving ? <Move aria-hidden size={12} /> : <PencilLine aria-hidden size={12} />}
      <span className="truncate">{text}</span>
    </span>
  );
}
