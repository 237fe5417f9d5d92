/**
 * Undo across a person's documents (the joint board and their party's lane):
 * one Y.UndoManager per document, each tracking only LOCAL_ORIGIN — so undo
 * never removes another person's work — and one shared order, so Ctrl+Z
 * undoes the person's latest change whichever document it was in.
 */
import * as Y from 'yjs';
import { LOCAL_ORIGIN } from './origins';
import type { RoomKind } from './rooms';
import { ROOTS_BY_KIND } from './schema';

export class LinkedUndo {
  private readonly managers: Y.UndoManager[] = [];
  private undoOrder: Y.UndoManager[] = [];
  private redoOrder: Y.UndoManager[] = [];
  private readonly listeners = new Set<() => void>();

  /** Track a document's roots for its kind of room. */
  track(doc: Y.Doc, kind: RoomKind): void {
    const manager = new Y.UndoManager(
      ROOTS_BY_KIND[kind].map((root) => doc.getMap(root)),
      { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 },
    );
    manager.on('stack-item-added', (event: { type: 'undo' | 'redo'; origin: unknown }) => {
      // A new local change (not the manager replaying a redo) starts a new future.
      if (event.type === 'undo' && event.origin !== manager) {
        this.undoOrder.push(manager);
        this.redoOrder = [];
        this.emit();
      }
    });
    this.managers.push(manager);
  }

  canUndo = (): boolean => this.undoOrder.length > 0;
  canRedo = (): boolean => this.redoOrder.length > 0;

  undo(): boolean {
    const manager = this.undoOrder.pop();
    if (!manager) return false;
    manager.undo();
    this.redoOrder.push(manager);
    this.emit();
    return true;
  }

  redo(): boolean {
    const manager = this.redoOrder.pop();
    if (!manager) return false;
    manager.redo();
    this.undoOrder.push(manager);
    this.emit();
    return true;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  destroy(): void {
    for (const manager of this.managers) manager.destroy();
    this.listeners.clear();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
