// Entry of the PDF worker thread (render-pdf.ts). A worker does not inherit
// the TypeScript loader of its parent, so it registers tsx itself (a runtime
// dependency: the server always runs through it) and then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import('./pdf-worker.ts');
