import { NoticePage } from '@/components/ui/notice-page';

/** Shown when the page was opened without a usable access token in its fragment. */
export function NoLinkNotice({ reason }: { reason: 'missing' | 'invalid' }) {
  return (
    <NoticePage
      testId="no-link"
      title={reason === 'missing' ? 'You need a link to open this board' : 'This link does not open this board'}
    >
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
    </NoticePage>
  );
}
