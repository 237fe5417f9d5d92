/**
 * Downloading an export (GET /api/boards/:id/export, docs/api.md). The token
 * goes in the Authorization header, never in a URL: a URL can end up in the
 * history, a proxy log or a Referer. So the file is fetched, held as a Blob
 * and saved through an object URL with `download`.
 */
export const EXPORT_FORMATS = ['md', 'csv', 'pdf', 'json', 'ics'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportScope = 'shortlist' | 'board';

/** An export that did not happen, with a message meant for people. */
export class ExportError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** The file name from Content-Disposition: RFC 8187 `filename*` first, then `filename`. */
export function fileNameFrom(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header) ?? /filename\s*=\s*([^;\s]+)/i.exec(header);
  return plain ? plain[1]! : null;
}

function failure(status: number): ExportError {
  switch (status) {
    case 401:
      return new ExportError(status, 'Your link no longer works (it may have been replaced). Ask for a new link, then try again.');
    case 403:
      return new ExportError(status, 'This link cannot export this board.');
    case 404:
      return new ExportError(status, 'This board could not be found.');
    case 503:
      return new ExportError(status, 'The board is not available right now. Try again in a moment.');
    default:
      return new ExportError(status, `The export did not work (the server answered ${status}). Try again in a moment.`);
  }
}

/** Fetch one export and hand it to the browser as a download; resolves with the file name. */
export async function downloadExport(boardId: string, token: string, format: ExportFormat, scope: ExportScope): Promise<string> {
  const query = new URLSearchParams({ format, scope });
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/export?${query}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
  } catch {
    throw new ExportError(0, 'The server could not be reached. Check your connection and try again.');
  }
  if (!response.ok) throw failure(response.status);
  const blob = await response.blob();
  const name = fileNameFrom(response.headers.get('content-disposition')) ?? `board-${scope}.${format}`;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the object URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
