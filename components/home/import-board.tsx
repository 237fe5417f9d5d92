'use client';

import { FileUp } from 'lucide-react';
import { useId, useRef, useState, type FormEvent } from 'react';
import * as z from 'zod/mini'; // keeps classic zod out of the browser: see docs/decisions.md
import { createBoardResultSchema } from '@/lib/sync/api';
import { Button } from '@/components/ui/button';
import { BoardLinks, type CreatedLinks } from './board-links';
import { asSentence, rememberNewBoard } from './new-board';

/** The server's limit for an import (docs/api.md). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Problems listed under the message; the server names up to 20. */
const SHOWN_PROBLEMS = 5;

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    errorCount: z.optional(z.number()),
  }),
});

type Problem = { message: string; details: string[]; more: number };

/** A problem as its place in the file and what is wrong there; one about the whole file as a sentence. */
const where = (path: string, message: string) => (path === '(file)' ? asSentence(message) : `${path}: ${message}`);

/** What the file says its title is (for the links panel); '' when it cannot tell. */
function titleOf(text: string): string {
  try {
    const title = (JSON.parse(text) as { board?: { title?: unknown } }).board?.title;
    return typeof title === 'string' ? title : '';
  } catch {
    return '';
  }
}

async function explain(response: Response): Promise<Problem> {
  const parsed = errorSchema.safeParse(await response.json().catch(() => null));
  if (response.status === 413) {
    const message =
      parsed.success && parsed.data.error.code === 'document_too_large'
        ? 'This board is too large for this server to take.'
        : 'The file is larger than 5 MB, the most a board can be made from.';
    return { message, details: [], more: 0 };
  }
  if (response.status === 422 && parsed.success && parsed.data.error.code === 'invalid_export') {
    const errors = parsed.data.error.errors ?? [];
    const [first] = errors;
    if (first?.path === '(file)' && /^not valid JSON/.test(first.message)) {
      return { message: 'This file is not a board file: it is not JSON. Pick the .json file exported from a board (Export → Board file).', details: [], more: 0 };
    }
    if (first?.path === 'format') {
      return { message: 'This file is not a Common Ground board file. Pick the .json file exported from a board (Export → Board file).', details: [], more: 0 };
    }
    if (first?.path === 'version') return { message: `This board file cannot be read here: ${first.message}.`, details: [], more: 0 };
    const total = parsed.data.error.errorCount ?? errors.length;
    const shown = errors.slice(0, SHOWN_PROBLEMS).map((e) => where(e.path, e.message));
    return {
      message: `This board file cannot be imported: ${total === 1 ? 'one thing is' : `${total} things are`} wrong with it.`,
      details: shown,
      more: Math.max(0, total - shown.length),
    };
  }
  const text = parsed.success ? asSentence(parsed.data.error.message) : `The server answered ${response.status}.`;
  return { message: `The board could not be made from this file. ${text}`, details: [], more: 0 };
}

/**
 * "New board from a file": upload a JSON board file (Export → Board file) and
 * get a new board with the same content and fresh links, as after creating
 * one. The file is read here and sent as the request body.
 */
export function ImportBoard() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<CreatedLinks | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    if (!file) {
      setProblem({ message: 'Choose a board file (.json) first.', details: [], more: 0 });
      input.current?.focus();
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      setProblem({ message: 'The file is larger than 5 MB, the most a board can be made from.', details: [], more: 0 });
      input.current?.focus();
      return;
    }
    setPending(true);
    try {
      const text = await file.text();
      let response: Response;
      try {
        response = await fetch('/api/boards/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      } catch {
        setProblem({ message: 'The server could not be reached. Check your connection and try again.', details: [], more: 0 });
        return;
      }
      if (!response.ok) {
        setProblem(await explain(response));
        input.current?.focus();
        return;
      }
      const result = createBoardResultSchema.safeParse(await response.json().catch(() => null));
      if (!result.success) {
        setProblem({ message: 'The server sent an unexpected answer. Try again.', details: [], more: 0 });
        return;
      }
      setCreated(rememberNewBoard(result.data, titleOf(text)));
    } finally {
      setPending(false);
    }
  }

  if (created) {
    return (
      <BoardLinks
        links={created}
        onCreateAnother={() => {
          setCreated(null);
          setFile(null);
        }}
      />
    );
  }

  const errorId = `${id}-error`;
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-lg border border-line bg-white p-5 sm:p-6" data-testid="import-board">
      <h2 id={`${id}-heading`} className="text-xl font-semibold">
        New board from a file
      </h2>
      <p id={`${id}-hint`} className="mt-1 text-sm text-muted">
        Pick a board file (.json) saved with Export → Board file. You get a new board with the same content and new links;
        the old board and its links stay as they were.
      </p>
      <form className="mt-4 space-y-4" onSubmit={submit} noValidate aria-label="New board from a file">
        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium">
            Board file
          </label>
          <input
            ref={input}
            id={`${id}-file`}
            type="file"
            accept=".json,application/json"
            className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-line file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
            aria-invalid={problem ? true : undefined}
            aria-describedby={[`${id}-hint`, problem ? errorId : ''].filter(Boolean).join(' ')}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setProblem(null);
            }}
          />
        </div>
        <div id={errorId} role="alert" className="text-sm text-danger empty:hidden" data-testid="import-error">
          {problem ? (
            <>
              <p>{problem.message}</p>
              {problem.details.length ? (
                <ul className="mt-1 list-disc space-y-0.5 pl-5 break-words">
                  {problem.details.map((detail, i) => (
                    <li key={i}>{detail}</li>
                  ))}
                  {problem.more ? <li>… and {problem.more} more.</li> : null}
                </ul>
              ) : null}
            </>
          ) : null}
        </div>
        <Button type="submit" variant="primary" disabled={pending}>
          <FileUp aria-hidden size={18} />
          {pending ? 'Making the board…' : 'Make a board from this file'}
        </Button>
      </form>
    </section>
  );
}
