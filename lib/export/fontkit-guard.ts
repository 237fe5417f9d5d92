/**
 * fontkit's shaping throws on some mark sequences in some fonts — it reads a
 * GPOS anchor as null: Noto Sans Tamil on "௫ஂ" (a Tamil digit with a sign),
 * Noto Sans Gurmukhi on "ਪ੍ਰ" (fontkit 2.0.4). A participant's text must
 * never fail an export, so a run fontkit cannot shape is laid out unshaped
 * instead: its glyphs straight from the font's cmap, each at its own
 * advance. A mark may then sit beside its base rather than on it; nothing
 * is dropped, and the tagging still gives the typed text (ActualText).
 *
 * Installed on the font class itself, since pdfkit makes its own font
 * objects from the bytes we register: the class of fontkit's ES module,
 * which pdfkit imports and pdf-fonts.ts imports too (one fontkit in the
 * tree, `npm ls fontkit`, but its CommonJS build has classes of its own).
 */
type Glyph = { readonly advanceWidth: number };
type Position = { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number };
type Run = { readonly glyphs: Glyph[]; readonly positions: Position[]; readonly advanceWidth: number };
export type ShapingFont = { layout(text: string, ...options: unknown[]): Run; glyphsForString(text: string): Glyph[] };

/** fontkit's own layout, by the prototype it was replaced on */
const unguarded = new WeakMap<object, ShapingFont['layout']>();

/** The run fontkit's layout would give with no shaping: one glyph per character (cmap), advances only. */
function unshapedRun(font: ShapingFont, text: string): Run {
  const glyphs = font.glyphsForString(text);
  const positions = glyphs.map((glyph) => ({ xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
  return {
    glyphs,
    positions,
    // a getter, as fontkit's GlyphRun has: pdfkit scales the positions in place, then reads the width
    get advanceWidth() {
      return positions.reduce((sum, position) => sum + position.xAdvance, 0);
    },
  };
}

/** Make `layout` of this font's class fall back to `unshapedRun` when shaping throws (once per class). */
export function guardShaping(font: ShapingFont): void {
  const proto = Object.getPrototypeOf(font) as ShapingFont;
  if (guardOf(font)) return;
  const shape = proto.layout;
  unguarded.set(proto, shape);
  proto.layout = function (this: ShapingFont, text: string, ...options: unknown[]): Run {
    try {
      return shape.call(this, text, ...options);
    } catch {
      return unshapedRun(this, text);
    }
  };
}

/** The prototype in `font`'s chain whose layout is guarded, if any. */
function guardOf(font: ShapingFont): object | null {
  for (let proto = Object.getPrototypeOf(font) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    if (unguarded.has(proto)) return proto;
  }
  return null;
}

/** fontkit's layout without the guard (for tests: whether a text really throws). */
export function layoutUnguarded(font: ShapingFont, text: string): Run {
  const proto = guardOf(font);
  return (proto ? unguarded.get(proto)! : font.layout).call(font, text);
}
