/**
 * Putting user text into Markdown so it stays text.
 *
 * Board text comes from every participant, so a title like
 * `[x](javascript:alert(1))` or `<img src=x onerror=…>` must render as those
 * characters, not as a link or an element, in any CommonMark/GFM renderer,
 * including ones that allow raw HTML. CommonMark lets any ASCII punctuation be
 * backslash-escaped; we escape the characters that open inline constructs
 * (links, images, HTML, entities, emphasis, code, tables, strikethrough,
 * heading closers) everywhere, and block openers (lists, quotes, setext
 * underlines, ordered-list numbers) at the start of a line. Ordinary prose
 * (dots, commas, apostrophes) stays readable as plain text.
 */

/** Inline openers: \ ` * _ [ ] < > & | ~ # and ! (before a bracket it starts an image). */
const INLINE = /[\\`*_[\]<>&|~#!]/g;

/** Block openers at the start of a line (after our own indentation). */
const LINE_START = /^([-+=>]|\d{1,9}(?=[.)]))/;

function escapeLine(line: string): string {
  const escaped = line.trim().replace(INLINE, (c) => `\\${c}`);
  // "1." or "1)" at line start: escape the dot/paren, not the digits
  return escaped.replace(LINE_START, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`));
}

/**
 * Escape user text for inline use. Line breaks become hard breaks (`\` at end
 * of line) followed by `indent`, so multi-line text stays inside the list
 * item or paragraph it was put in; blank lines are dropped because they would
 * end that block.
 */
export function mdText(text: string, indent = ''): string {
  const lines = text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map(escapeLine)
    .filter((line) => line.length > 0);
  return lines.join(`\\\n${indent}`);
}

/** For table cells and headings: one line only. */
export function mdLine(text: string): string {
  return escapeLine(text.replace(/[\r\n\u2028\u2029]+/g, ' '));
}
