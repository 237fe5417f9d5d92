'use client';

import { RefreshCw } from 'lucide-react';
import { Component, type ReactNode } from 'react';
import { Button } from './button';

/**
 * Helpers for code loaded on demand (next/dynamic): fetch it ahead when the
 * browser is idle, and say so plainly when it cannot be fetched (offline)
 * instead of letting the failed import take the whole board down.
 */

/** Run `task` once the main thread is idle (at most 2 s later); returns a cancel. */
export function whenIdle(task: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(task, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(task, 200);
  return () => window.clearTimeout(handle);
}

/**
 * Catches a failed chunk load below it. A failed lazy import stays failed
 * (React caches the rejection), so the way out offered is a reload.
 */
export class LoadBoundary extends Component<{ what: string; className?: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert" className={this.props.className} data-testid="load-failed">
        <p className="text-sm text-ink">
          {this.props.what} could not be loaded. Check your connection, then reload the page.
        </p>
        <Button size="sm" className="mt-2" onClick={() => window.location.reload()}>
          <RefreshCw aria-hidden size={16} /> Reload
        </Button>
      </div>
    );
  }
}
