import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BoardRoom } from '@/components/board/board-room';
import { isBoardId } from '@/lib/board/ids';

export const metadata: Metadata = { title: 'Board', referrer: 'no-referrer' };

/**
 * The board. The access token travels in the URL fragment (`#t=…`), which the
 * browser never sends to the server, so this page only validates the id.
 */
export default async function BoardPage({ params }: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await params;
  if (!isBoardId(boardId)) notFound();
  return <BoardRoom boardId={boardId} />;
}
