import Link from 'next/link';

/** Shown when the page was opened without a usable access token in its fragment. */
export function NoLinkNotice({ reason }: { reason: 'missing' | 'invalid' }) {
  return (
    <main data-testid="no-link" className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold">
        {reason === 'missing' ? 'You need a link to open this board' : 'This link does not open this board'}
      </h1>
      <p className="mt-3 text-muted">
        Boards are private. Each person joins from the link the board’s creator shared with them: one per side, one for
        the facilitator and one to view only. A full link ends with <code className="rounded bg-white px-1">#t=</code>
        followed by a long code.
      </p>
      <p className="mt-3 text-muted">
        {reason === 'missing'
          ? 'Ask the person who created the board for your link, or open it again from the message they sent.'
          : 'The link may have been cut short when it was copied. Ask for it again.'}
      </p>
      <p className="mt-6">
        <Link className="font-medium text-accent underline underline-offset-4" href="/">
          Go to the home page
        </Link>
      </p>
    </main>
  );
}
