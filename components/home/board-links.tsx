'use client';

import { Eye, Gavel, Users } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';

export type CreatedLinks = {
  boardId: string;
  title: string;
  facilitator: string;
  viewer: string;
  parties: { partyId: string; name: string; url: string }[];
};

function LinkRow({
  testId,
  icon,
  label,
  explanation,
  url,
}: {
  testId: string;
  icon: ReactNode;
  label: string;
  explanation: string;
  url: string;
}) {
  return (
    <li data-testid={testId} className="rounded-md border border-line p-3">
      <div className="flex items-center gap-2 font-medium">
        {icon}
        <span>{label}</span>
      </div>
      <p className="mt-0.5 text-sm text-muted">{explanation}</p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
        <input
          readOnly
          value={url}
          aria-label={`${label}: link`}
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-line bg-paper px-2 py-1.5 font-mono text-xs text-ink"
        />
        <div className="flex items-center gap-2">
          <CopyButton text={url} label={`Copy the ${label.toLowerCase()}`} />
          <a
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            className="text-sm font-medium text-accent underline underline-offset-4"
          >
            Open<span className="sr-only"> the {label.toLowerCase()} in a new tab</span>
          </a>
        </div>
      </div>
    </li>
  );
}

type LinkRowProps = Parameters<typeof LinkRow>[0];

/** Who gets which link: the facilitator, each side, then observers. */
function linkRows(links: CreatedLinks): LinkRowProps[] {
  return [
    {
      testId: 'link-facilitator',
      icon: <Gavel aria-hidden size={18} />,
      label: 'Facilitator link',
      explanation: 'For the neutral facilitator who runs the phases. If there is none, keep it yourself.',
      url: links.facilitator,
    },
    ...links.parties.map((party) => ({
      testId: `link-party-${party.partyId}`,
      icon: <Users aria-hidden size={18} />,
      label: `${party.name} link`,
      explanation: `For everyone on the ${party.name} side. They add and edit on the shared board.`,
      url: party.url,
    })),
    {
      testId: 'link-viewer',
      icon: <Eye aria-hidden size={18} />,
      label: 'View-only link',
      explanation: 'For observers (a sponsor, a lawyer): they see the shared board live and cannot change anything.',
      url: links.viewer,
    },
  ];
}

/** After creation: who gets which link. */
export function BoardLinks({ links, onCreateAnother }: { links: CreatedLinks; onCreateAnother: () => void }) {
  return (
    <section
      aria-labelledby="links-heading"
      data-testid="board-links"
      className="rounded-lg border border-line bg-white p-5 sm:p-6"
    >
      <h2 id="links-heading" className="text-xl font-semibold" tabIndex={-1} ref={(el) => el?.focus()}>
        Your board is ready{links.title ? `: ${links.title}` : ''}
      </h2>
      <p className="mt-1 text-sm text-muted">
        Send each link only to the people it is meant for: whoever has a link joins with its role, no account needed.
        This browser remembers the board (see “Your boards” below).
      </p>
      <ul className="mt-4 space-y-3">
        {linkRows(links).map((row) => (
          <LinkRow key={row.testId} {...row} />
        ))}
      </ul>
      <div className="mt-5 flex flex-wrap gap-3">
        <a
          href={links.facilitator}
          className="inline-flex h-10 items-center rounded-md bg-accent px-4 text-sm font-medium text-white hover:bg-accent-strong"
        >
          Open the board as facilitator
        </a>
        <Button onClick={onCreateAnother}>Start another board</Button>
      </div>
    </section>
  );
}
