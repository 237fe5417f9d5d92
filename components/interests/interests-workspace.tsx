'use client';

import { Handshake, Zap } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { InterestData, InterestLink } from '@/lib/board/board-data';
import { useAllOptionInterests, useInterestLinks, useInterests, useOptionIds } from '@/lib/board/hooks';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { WorkspaceSection } from '@/components/ui/workspace-section';
import { useAnnounce } from '@/components/ui/announcer';
import { useBoard } from '@/components/board/board-context';
import { PartyBadge, type PartyLook } from '@/components/board/party-badge';
import { InterestCard, type LinkedInterest } from './interest-card';
import { InterestComposer } from './interest-composer';
import { LinkDialog } from './link-dialog';

/**
 * Interests, each party in its own lane, side by side (stacked at phone width).
 * Common ground — interests linked as shared — leads the page; tensions are
 * flagged beside it.
 */
export function InterestsWorkspace() {
  const { store, looks, myPartyId, claims, editable } = useBoard();
  const interests = useInterests(store);
  const links = useInterestLinks(store);
  const optionIds = useOptionIds(store);
  const optionInterests = useAllOptionInterests(store);
  const [linking, setLinking] = useState<string | null>(null);

  const byId = useMemo(() => new Map(interests.map((i) => [i.id, i])), [interests]);
  const servedBy = useMemo(() => {
    const existing = new Set(optionIds);
    const counts = new Map<string, number>();
    for (const [optionId, ids] of optionInterests) {
      if (!existing.has(optionId)) continue;
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }, [optionIds, optionInterests]);
  const linkedTo = useMemo(() => {
    const map = new Map<string, LinkedInterest[]>();
    for (const link of links) {
      const a = byId.get(link.a);
      const b = byId.get(link.b);
      if (!a || !b) continue;
      map.set(a.id, [...(map.get(a.id) ?? []), { other: b, relation: link.relation }]);
      map.set(b.id, [...(map.get(b.id) ?? []), { other: a, relation: link.relation }]);
    }
    return map;
  }, [links, byId]);

  const parties = [...looks.values()];
  const source = linking ? byId.get(linking) : undefined;
  const lanes = parties.length >= 3 ? 'md:grid-cols-2 xl:grid-cols-3' : 'md:grid-cols-2';

  return (
    <WorkspaceSection
      headingId="interests-heading"
      title="Interests"
      intro="What each side needs or worries about — the reasons behind its positions, not its demands. Link an interest to the other side’s when you both want the same thing, or when they pull against each other."
      testId="interests-workspace"
      className="space-y-5"
      focusableHeading
    >
      <CommonGround links={links} byId={byId} looks={looks} editable={editable} />
      <div className={`grid gap-4 ${lanes}`}>
        {parties.map((party) => {
          const mine = party.id === myPartyId;
          const canAdd = editable && (mine || claims.r === 'facilitator');
          const laneInterests = interests.filter((i) => i.partyId === party.id);
          return (
            <section
              key={party.id}
              aria-labelledby={`lane-${party.id}`}
              data-testid="interest-lane"
              data-party={party.id}
              className="min-w-0 space-y-3 rounded-lg border-t-4 bg-white/60 p-3"
              style={{ borderTopColor: party.color }}
            >
              <h3 id={`lane-${party.id}`} className="flex items-center gap-2 font-semibold">
                <PartyBadge look={party} />
                {party.name}
                {mine ? <span className="text-sm font-normal text-muted">(your side)</span> : null}
                <span className="ml-auto text-sm font-normal text-muted" data-testid="lane-count">
                  {laneInterests.length} {laneInterests.length === 1 ? 'interest' : 'interests'}
                </span>
              </h3>
              {canAdd ? <InterestComposer partyId={party.id} partyName={party.name} canKeepPrivate={mine} /> : null}
              {laneInterests.length === 0 ? (
                <EmptyLane party={party} mine={mine} />
              ) : (
                <ul className="space-y-2" aria-label={`${party.name}’s interests`}>
                  {laneInterests.map((interest) => (
                    <InterestCard
                      key={interest.id}
                      interest={interest}
                      linked={linkedTo.get(interest.id) ?? NO_LINKS}
                      servedBy={servedBy.get(interest.id) ?? 0}
                      canChange={editable && (mine || claims.r === 'facilitator')}
                      onLink={editable && !interest.private && parties.length > 1 ? () => setLinking(interest.id) : undefined}
                    />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      {source ? (
        <LinkDialog
          open
          onOpenChange={(open) => !open && setLinking(null)}
          source={source}
          interests={interests}
          links={links}
        />
      ) : null}
    </WorkspaceSection>
  );
}

const NO_LINKS: readonly LinkedInterest[] = [];

function EmptyLane({ party, mine }: { party: PartyLook; mine: boolean }) {
  return (
    <div className="rounded-md border border-dashed border-line p-3 text-sm text-muted" data-testid="lane-empty">
      {mine ? (
        <>
          <p className="font-medium text-ink">What does {party.name} need from this agreement?</p>
          <p className="mt-1">
            Write interests, not demands: <q className="text-ink">Predictable costs for next year</q> rather than{' '}
            <q>No price rise</q>. Keep one private while you think it over.
          </p>
        </>
      ) : (
        <p>{party.name} has not shared any interests yet.</p>
      )}
    </div>
  );
}

function CommonGround({
  links,
  byId,
  looks,
  editable,
}: {
  links: readonly InterestLink[];
  byId: Map<string, InterestData>;
  looks: Map<string, PartyLook>;
  editable: boolean;
}) {
  const { actions } = useBoard();
  const announce = useAnnounce();
  // Each pair reads in the lanes' order (first party on the left).
  const rank = new Map([...looks.keys()].map((id, index) => [id, index]));
  const pairs = links.flatMap((link) => {
    const a = byId.get(link.a);
    const b = byId.get(link.b);
    if (!a || !b) return [];
    const [first, second] = (rank.get(a.partyId) ?? 0) <= (rank.get(b.partyId) ?? 0) ? [a, b] : [b, a];
    return [{ ...link, first, second }];
  });
  if (pairs.length === 0) return null;

  const pair = (p: (typeof pairs)[number], testId: string) => (
    <li key={`${p.a}/${p.b}`} data-testid={testId} data-relation={p.relation} className="flex flex-wrap items-center gap-2 rounded-md bg-white p-2 text-sm">
      {[p.first, p.second].map((interest, index) => {
        const look = looks.get(interest.partyId);
        return (
          <span key={interest.id} className="flex min-w-0 items-center gap-1.5">
            {index === 1 ? (
              <span aria-hidden className="px-1 text-muted">
                {p.relation === 'shared' ? '↔' : '⟷'}
              </span>
            ) : null}
            {look ? <PartyBadge look={look} /> : null}
            <span className="break-words">
              <span className="sr-only">{look?.name}: </span>
              {interest.text}
            </span>
          </span>
        );
      })}
      {editable ? (
        <Button
          size="sm"
          variant="ghost"
          className="ml-auto"
          aria-label={`Remove the link between “${p.first.text}” and “${p.second.text}”`}
          onClick={() => {
            actions.unlinkInterests(p.a, p.b);
            announce('Link removed');
          }}
        >
          Unlink
        </Button>
      ) : null}
    </li>
  );

  return (
    <div className="grid gap-3 lg:grid-cols-2">
      {PAIR_GROUPS.map((group) => {
        const inGroup = pairs.filter((p) => p.relation === group.relation);
        if (inGroup.length === 0) return null;
        const headingId = `${group.testId}-heading`;
        return (
          <section key={group.relation} aria-labelledby={headingId} data-testid={group.testId} className={cn('rounded-lg border p-3', group.box)}>
            <h3 id={headingId} className={cn('flex items-center gap-2 font-semibold', group.text)}>
              <group.Icon aria-hidden size={18} /> {group.title} ({inGroup.length})
            </h3>
            <ul className="mt-2 space-y-1.5">{inGroup.map((p) => pair(p, group.pairTestId))}</ul>
          </section>
        );
      })}
    </div>
  );
}

/** Linked pairs, common ground first, then tensions: each group with its own look. */
const PAIR_GROUPS = [
  { relation: 'shared', title: 'Common ground', Icon: Handshake, testId: 'common-ground', pairTestId: 'common-ground-pair', box: 'border-ok/30 bg-ok/5', text: 'text-ok' },
  { relation: 'tension', title: 'In tension', Icon: Zap, testId: 'tensions', pairTestId: 'tension-pair', box: 'border-warn/40 bg-warn/5', text: 'text-warn' },
] as const;
