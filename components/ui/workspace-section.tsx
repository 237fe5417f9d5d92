import type { ReactNode } from 'react';

/**
 * A phase's workspace: a section named by its heading (h2), a line under the
 * heading on what the phase is for, then the work itself.
 */
export function WorkspaceSection({
  headingId,
  title,
  intro,
  testId,
  className,
  focusableHeading = false,
  children,
}: {
  /** the heading's id, which names the section (unique on the page) */
  headingId: string;
  title: ReactNode;
  intro: ReactNode;
  testId: string;
  className?: string;
  /** the heading can take focus from script (tabIndex -1), e.g. after a deletion */
  focusableHeading?: boolean;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className={className} data-testid={testId}>
      <div>
        <h2 id={headingId} tabIndex={focusableHeading ? -1 : undefined} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-muted">{intro}</p>
      </div>
      {children}
    </section>
  );
}

/** One part of a workspace, named by its heading (h3). */
export function WorkspacePart({
  headingId,
  title,
  testId,
  children,
}: {
  headingId: string;
  title: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className="space-y-2" data-testid={testId}>
      <h3 id={headingId} className="font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}
