import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <p className="mt-3 text-muted">
        If you followed a board link, check that it was copied whole: board links are long and end with
        <code className="mx-1 rounded bg-white px-1">#t=…</code>.
      </p>
      <p className="mt-6">
        <Link className="font-medium text-accent underline underline-offset-4" href="/">
          Go to the home page
        </Link>
      </p>
    </main>
  );
}
