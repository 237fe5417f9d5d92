import { CreateBoard } from '@/components/home/create-board';
import { ImportBoard } from '@/components/home/import-board';
import { RememberedBoards } from '@/components/home/remembered-boards';

export default function HomePage() {
  return (
    <div className="mx-auto max-w-3xl px-4 py-8 sm:py-12">
      <header className="mb-8">
        <p className="text-sm font-semibold tracking-wide text-accent uppercase">Common Ground</p>
        <h1 className="mt-1 text-3xl font-semibold tracking-tight text-balance">
          Find options that work for both sides
        </h1>
        <p className="mt-3 max-w-2xl text-muted">
          A shared board for a negotiation: frame one “How might we …?” question, list each side’s interests,
          brainstorm options together, score them and leave with a plan both sides can stand behind. No accounts:
          everyone joins from a link.
        </p>
      </header>
      <main className="space-y-10">
        <CreateBoard />
        <ImportBoard />
        <RememberedBoards />
      </main>
    </div>
  );
}
