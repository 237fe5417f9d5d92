import Link from 'next/link';
import type { ReactNode } from 'react';

/**
 * A page that only explains why there is nothing to show here (an unknown
 * address, a missing board link) and offers the way back to the home page.
 */
export function NoticePage({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <main data-testid={testId} className="mx-auto max-w-xl px-4 py-16">
      <h1 className="text-2xl font-semibold">{title}</h1>
      {children}
      <p className="mt-6">
        <Link className="font-medium text-accent underline underline-offset-4" href="/">
          Go to the home page
        </Link>
      </p>
    </main>
  );
}
