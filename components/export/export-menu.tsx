'use client';

import { Download } from 'lucide-react';
import dynamic from 'next/dynamic';
import { Suspense, useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { LoadBoundary, whenIdle } from '@/components/ui/lazy';
import type { ExportScope } from './download';
import type { ExportStatus } from './export-panel';

const loadPanel = () => import('./export-panel').then((m) => m.ExportPanel);
// The panel and the download code are fetched when the page is idle or the menu first opens, not with the board.
const ExportPanel = dynamic(loadPanel);

const PANEL_CLASS =
  'absolute top-full right-0 z-30 mt-2 w-[min(92vw,22rem)] rounded-lg border border-line bg-white p-3 text-left shadow-lg';

/**
 * The board's Export menu: a disclosure (button + panel) offering every
 * format for the shortlist or the whole board, to every role in every phase.
 * Each file is fetched with the link's token in a header and saved from a
 * Blob (download.ts); it holds only what this link may see.
 */
export function ExportMenu({ boardId, token }: { boardId: string; token: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<ExportScope>('shortlist');
  const [status, setStatus] = useState<ExportStatus>({ kind: 'idle' });
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => whenIdle(() => void loadPanel().catch(() => {})), []);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      const focus = document.activeElement;
      setOpen(false);
      if (!focus || focus === document.body || root.current?.contains(focus)) trigger.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  const panelId = `${id}-panel`;
  return (
    <div ref={root} className="relative">
      <Button
        ref={trigger}
        size="sm"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        data-testid="export-menu"
      >
        <Download aria-hidden size={16} /> Export
      </Button>
      {open ? (
        <LoadBoundary what="The export menu" className={PANEL_CLASS}>
          <Suspense
            fallback={
              <div id={panelId} aria-busy="true" className={PANEL_CLASS}>
                <p role="status" className="text-sm text-muted">
                  Loading the export formats…
                </p>
              </div>
            }
          >
            <ExportPanel
              id={id}
              panelId={panelId}
              className={PANEL_CLASS}
              boardId={boardId}
              token={token}
              scope={scope}
              onScope={setScope}
              status={status}
              onStatus={setStatus}
            />
          </Suspense>
        </LoadBoundary>
      ) : null}
    </div>
  );
}
