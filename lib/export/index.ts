/**
 * lib/export: pure functions from a board snapshot (BoardData) to files.
 * Every function takes the audience the file is for and shows only what that
 * audience may see (audience.ts). docs/export-format.md describes the JSON.
 *
 * Everything here runs in the browser and on the server. The PDF does not
 * (it reads its font files from node_modules): import it on the server from
 * '@/lib/export/pdf'.
 */
export type { Audience } from './audience';
export type { Scope } from './summary';
export { toMarkdown, type MarkdownOptions } from './markdown';
export { toCsv, type CsvOptions } from './csv';
export { toJson, parseBoardExport, type JsonOptions, type ParseResult } from './json';
export { EXPORT_FORMAT, EXPORT_VERSION, type BoardExport, type ExportError } from './json-format';
export { importIntoDocs, type ImportOptions, type ImportedBoard } from './import';
export { toIcs, type IcsOptions } from './ics';
