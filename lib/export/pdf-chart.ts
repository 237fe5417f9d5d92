/**
 * The impact × feasibility matrix: feasibility across, impact up, both on the
 * 1–5 rating scale, with numbered points (the legend below the chart names
 * them). Only our own labels are drawn here; option titles go through
 * writeText in the legend, which handles any script.
 */
import { MAX_SCORE, MIN_SCORE } from '@/lib/board/schema';

type Doc = PDFKit.PDFDocument;

export type MatrixPoint = { readonly number: number; readonly impact: number; readonly feasibility: number };

const AXIS_SPACE = 34;
const POINT_RADIUS = 8;

/** Draws the chart with its top-left corner at (x, y); returns the height used. */
export function drawMatrix(doc: Doc, points: readonly MatrixPoint[], x: number, y: number, size: number): number {
  const left = x + AXIS_SPACE;
  const plot = size - AXIS_SPACE;
  const top = y;
  const span = MAX_SCORE - MIN_SCORE;
  const px = (value: number) => left + ((value - MIN_SCORE) / span) * plot;
  const py = (value: number) => top + plot - ((value - MIN_SCORE) / span) * plot;

  doc.save();
  // the "works" quadrant: impact and feasibility both above the middle
  doc.rect(px(3), py(MAX_SCORE), plot / 2, plot / 2).fill('#EEF6EE');
  doc.lineWidth(0.5);
  for (let v = MIN_SCORE; v <= MAX_SCORE; v++) {
    const colour = v === 3 ? '#9AA3AD' : '#D5DAE0';
    doc.moveTo(px(v), top).lineTo(px(v), top + plot).strokeColor(colour).stroke();
    doc.moveTo(left, py(v)).lineTo(left + plot, py(v)).strokeColor(colour).stroke();
    doc.font('regular').fontSize(8).fillColor('#4A5561');
    doc.text(String(v), px(v) - 10, top + plot + 4, { width: 20, align: 'center', lineBreak: false });
    doc.text(String(v), left - 22, py(v) - 4, { width: 16, align: 'right', lineBreak: false });
  }
  doc.lineWidth(1).rect(left, top, plot, plot).strokeColor('#4A5561').stroke();

  doc.font('bold').fontSize(9).fillColor('#1a1a1a');
  doc.text('Feasibility →', left, top + plot + 16, { width: plot, align: 'center', lineBreak: false });
  // y-axis title, rotated to read bottom-up
  doc.save();
  doc.rotate(-90, { origin: [x + 6, top + plot / 2] });
  doc.text('Impact →', x + 6 - plot / 2, top + plot / 2 - 4, { width: plot, align: 'center', lineBreak: false });
  doc.restore();
  doc.font('regular').fontSize(7).fillColor('#4A5561');
  doc.text('high impact, feasible', px(3) + 4, top + 4, { width: plot / 2 - 8, align: 'right', lineBreak: false });

  // points on the same spot are fanned out around it so every number stays readable
  const seen = new Map<string, number>();
  for (const p of points) {
    const key = `${p.impact.toFixed(2)}/${p.feasibility.toFixed(2)}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const angle = (k * Math.PI) / 3;
    const offset = k === 0 ? 0 : POINT_RADIUS * 2.1;
    const cx = px(p.feasibility) + Math.cos(angle) * offset;
    const cy = py(p.impact) - Math.sin(angle) * offset;
    doc.circle(cx, cy, POINT_RADIUS).fillColor('#0072B2').fill();
    doc.font('bold').fontSize(8).fillColor('#FFFFFF');
    doc.text(String(p.number), cx - POINT_RADIUS, cy - 4, { width: POINT_RADIUS * 2, align: 'center', lineBreak: false });
  }
  doc.restore();
  return size + 30;
}
