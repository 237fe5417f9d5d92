import { NoticePage } from '@/components/ui/notice-page';

export default function NotFound() {
  return (
    <NoticePage title="This page does not exist">
      <p className="mt-3 text-muted">
        If you followed a board link, check that it was copied whole: board links are long and end with
        <code className="mx-1 rounded bg-white px-1">#t=…</code>.
      </p>
    </NoticePage>
  );
}
