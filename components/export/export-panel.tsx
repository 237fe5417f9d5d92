'use client';

import { Button } from '@/components/ui/button';
import { ExportError, downloadExport, type ExportFormat, type ExportScope } from './download';

type Choice = { readonly format: ExportFormat; readonly label: string; readonly hint: string };

const CHOICES: readonly Choice[] = [
  { format: 'pdf', label: 'PDF summary', hint: 'To print or send: scores, plan and the impact × feasibility chart' },
  { format: 'md', label: 'Markdown', hint: 'Text for notes, wikis and e-mail' },
  { format: 'csv', label: 'Spreadsheet (CSV)', hint: 'One row per option, scores as numbers' },
  { format: 'json', label: 'Board file (JSON)', hint: 'The whole board, to start a new board from it later' },
  { format: 'ics', label: 'Calendar (iCalendar)', hint: 'Review checkpoints and due dates of every plan' },
];

const NAMES: Record<ExportFormat, string> = { pdf: 'PDF', md: 'Markdown file', csv: 'spreadsheet', json: 'board file', ics: 'calendar' };

export type ExportStatus = { kind: 'idle' } | { kind: 'busy'; format: ExportFormat } | { kind: 'done'; file: string } | { kind: 'error'; message: string };

/**
 * The Export menu's panel: scope, formats and what happened. Loaded when the
 * menu is first opened (or the page is idle); its state lives in ExportMenu,
 * so an export started here finishes and reports even if the panel is closed.
 */
export function ExportPanel({
  id,
  panelId,
  className,
  boardId,
  token,
  scope,
  onScope,
  status,
  onStatus,
}: {
  id: string;
  panelId: string;
  className: string;
  boardId: string;
  token: string;
  scope: ExportScope;
  onScope: (scope: ExportScope) => void;
  status: ExportStatus;
  onStatus: (status: ExportStatus) => void;
}) {
  async function save(format: ExportFormat) {
    if (status.kind === 'busy') return;
    onStatus({ kind: 'busy', format });
    try {
      const file = await downloadExport(boardId, token, format, scope);
      onStatus({ kind: 'done', file });
    } catch (error) {
      const message = error instanceof ExportError ? error.message : 'The export did not work. Try again in a moment.';
      onStatus({ kind: 'error', message });
    }
  }

  const busy = status.kind === 'busy';
  return (
    <div id={panelId} role="group" aria-labelledby={`${id}-heading`} className={className}>
      <h2 id={`${id}-heading`} className="text-sm font-semibold">
        Export the board
      </h2>
      <p className="mt-0.5 text-xs text-muted">A file holds only what your link lets you see.</p>
      <fieldset className="mt-3">
        <legend className="text-xs font-medium text-muted">Include</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {(
            [
              ['shortlist', 'The shortlist'],
              ['board', 'The whole board'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="inline-flex items-center gap-1.5">
              <input
                type="radio"
                name={`${id}-scope`}
                value={value}
                checked={scope === value}
                onChange={() => onScope(value)}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <ul className="mt-3 space-y-1" aria-label="Formats">
        {CHOICES.map((choice) => (
          <li key={choice.format}>
            <Button
              variant="ghost"
              className="h-auto w-full flex-col items-start gap-0 px-2 py-1.5 text-left whitespace-normal aria-disabled:cursor-wait aria-disabled:opacity-60"
              // aria-disabled, not disabled: the focused button must keep focus while its file is made
              aria-disabled={busy || undefined}
              aria-describedby={`${id}-${choice.format}-hint`}
              onClick={() => void save(choice.format)}
              data-format={choice.format}
            >
              <span>{choice.label}</span>
              <span id={`${id}-${choice.format}-hint`} className="text-xs font-normal text-muted">
                {choice.hint}
              </span>
            </Button>
          </li>
        ))}
      </ul>
      <div role="status" className="mt-2 text-xs text-muted empty:hidden" data-testid="export-status">
        {status.kind === 'busy' ? `Preparing the ${NAMES[status.format]}…` : status.kind === 'done' ? `Saved ${status.file}` : ''}
      </div>
      <div role="alert" className="mt-2 text-sm text-danger empty:hidden" data-testid="export-error">
        {status.kind === 'error' ? status.message : ''}
      </div>
    </div>
  );
}
