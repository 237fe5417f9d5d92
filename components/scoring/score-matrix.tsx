'use client';

import { scaleLinear, scaleSqrt } from 'd3-scale';
import { memo, useEffect, useId, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useScores } from '@/lib/board/hooks';
import type { BoardStore } from '@/lib/board/store';
import { FAIRNESS_BANDS, fairnessBand, formatScore, type FairnessBand } from './format';

type Point = {
  readonly id: string;
  readonly title: string;
  readonly impact: number;
  readonly feasibility: number;
  readonly fairness: number | null;
  readonly raters: number;
  readonly contested: boolean;
  readonly band: FairnessBand;
  /** pixel position, after spreading options that share a spot */
  x: number;
  y: number;
  r: number;
};

const TICKS = [1, 2, 3, 4, 5];
const MARGIN = { top: 14, right: 14, bottom: 46, left: 52 };
const MIN_WIDTH = 260;
const RATERS_AT_FULL_SIZE = 20;

/** The width of an element, followed as it resizes (the chart draws at real pixels, so text stays legible on phones). */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

function Marker({ band, r }: { band: FairnessBand; r: number }) {
  const { color, shape } = FAIRNESS_BANDS[band];
  const common = { fill: band === 'none' ? 'white' : color, fillOpacity: band === 'none' ? 1 : 0.85, stroke: color, strokeWidth: 2 };
  switch (shape) {
    case 'circle':
      return <circle r={r} {...common} />;
    case 'square':
      return <rect x={-r * 0.88} y={-r * 0.88} width={r * 1.76} height={r * 1.76} {...common} />;
    case 'triangle': {
      const h = r * 1.15;
      return <polygon points={`0,${-h} ${h},${h * 0.8} ${-h},${h * 0.8}`} {...common} />;
    }
    case 'diamond':
      return <polygon points={`0,${-r * 1.2} ${r * 1.2},0 0,${r * 1.2} ${-r * 1.2},0`} {...common} />;
  }
}

/**
 * One option on the matrix. Memoised with primitive props only, so a rating
 * re-renders just the point it moved; events are handled once, on the chart
 * (ScoreMatrix), and find the option by data-option-id.
 */
const MatrixPoint = memo(function MatrixPoint({
  id,
  x,
  y,
  r,
  band,
  contested,
  label,
  tabbable,
  selected,
  focused,
}: {
  id: string;
  x: number;
  y: number;
  r: number;
  band: FairnessBand;
  contested: boolean;
  label: string;
  tabbable: boolean;
  selected: boolean;
  focused: boolean;
}) {
  return (
    <g
      role="button"
      tabIndex={tabbable ? 0 : -1}
      aria-label={label}
      data-testid="matrix-point"
      data-option-id={id}
      data-fairness={band}
      transform={`translate(${x} ${y})`}
      className="cursor-pointer outline-none"
    >
      {/* a generous, invisible hit area for fingers */}
      <circle r={Math.max(16, r + 6)} fill="transparent" />
      {contested ? <circle r={r + 5} fill="none" className="stroke-warn" strokeWidth={1.5} strokeDasharray="3 2" /> : null}
      <Marker band={band} r={r} />
      {selected || focused ? (
        <circle r={r + (contested ? 9 : 6)} fill="none" className="stroke-accent" strokeWidth={focused ? 3 : 2} />
      ) : null}
    </g>
  );
});

/** The option id of the matrix point an event happened in, if any. */
function pointIdOf(target: EventTarget | null): string | null {
  const point = target instanceof Element ? target.closest<SVGGElement>('[data-testid="matrix-point"]') : null;
  return point?.dataset.optionId ?? null;
}

/**
 * Impact × feasibility: each option a point at its overall means, fairness as
 * colour AND shape, size by number of raters, a dashed ring where the parties
 * are far apart. Scales and ticks come from d3-scale; React draws the SVG.
 * Points are one tab stop (arrow keys move between them); hover and focus
 * show the option; Enter or a click selects it. Memoised: a change that moves
 * no point (a progress count) does not redraw it.
 */
export const ScoreMatrix = memo(function ScoreMatrix({
  store,
  options,
  selectedId,
  onSelect,
  caption,
}: {
  /** the matrix reads every option's figures itself: it draws them all, the list around it need not re-render */
  store: BoardStore;
  options: readonly { id: string; title: string }[];
  selectedId: string | null;
  onSelect: (optionId: string) => void;
  caption: string;
}) {
  const scores = useScores(store);
  const [containerRef, measured] = useWidth<HTMLDivElement>();
  const width = Math.max(MIN_WIDTH, measured);
  const height = Math.round(Math.min(420, Math.max(260, width * 0.6)));
  const titleId = useId();
  const [hoverId, setHoverId] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);

  const x = useMemo(() => scaleLinear().domain([1, 5]).range([MARGIN.left, width - MARGIN.right]), [width]);
  const y = useMemo(() => scaleLinear().domain([1, 5]).range([height - MARGIN.bottom, MARGIN.top]), [height]);

  const points = useMemo(() => {
    const list: Point[] = [];
    for (const { id, title } of options) {
      const s = scores.get(id);
      const impact = s?.overall.impact ?? null;
      const feasibility = s?.overall.feasibility ?? null;
      if (!s || impact === null || feasibility === null) continue;
      const fairness = s.overall.fairness;
      list.push({ id, title, impact, feasibility, fairness, raters: s.raters, contested: s.contested, band: fairnessBand(fairness), x: 0, y: 0, r: 0 });
    }
    // A point's size depends on its own raters only (a fixed scale, full size from RATERS_AT_FULL_SIZE on), not on the
    // busiest option: one more rater resizes that point alone, and a size means the same on every board and over time.
    const radius = scaleSqrt().domain([0, RATERS_AT_FULL_SIZE]).range([4, 12]).clamp(true);
    // Options at the same spot are spread on a small circle, so each stays visible and clickable.
    const bySpot = new Map<string, Point[]>();
    for (const p of list) {
      const key = `${p.impact.toFixed(2)}|${p.feasibility.toFixed(2)}`;
      bySpot.set(key, [...(bySpot.get(key) ?? []), p]);
    }
    for (const group of bySpot.values()) {
      group.forEach((p, i) => {
        p.r = radius(p.raters);
        const spread = group.length > 1 ? 14 : 0;
        const angle = (2 * Math.PI * i) / group.length - Math.PI / 2;
        p.x = x(p.feasibility) + spread * Math.cos(angle);
        p.y = y(p.impact) + spread * Math.sin(angle);
      });
    }
    // Reading order for the keyboard: left to right, then top to bottom.
    return list.sort((a, b) => a.x - b.x || a.y - b.y);
  }, [options, scores, x, y]);

  const tabbableId = points.some((p) => p.id === activeId) ? activeId : (points.find((p) => p.id === selectedId)?.id ?? points[0]?.id);
  const shownId = hoverId ?? focusId;
  const shown = points.find((p) => p.id === shownId);

  function onKeyDown(event: KeyboardEvent<SVGSVGElement>) {
    const index = points.findIndex((p) => p.id === pointIdOf(event.target));
    if (index < 0) return;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(points[index]!.id);
      return;
    }
    const step = moves[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = points[Math.max(0, Math.min(points.length - 1, index + step))];
    if (!next) return;
    setActiveId(next.id);
    svgRef.current?.querySelector<SVGGElement>(`[data-testid="matrix-point"][data-option-id="${CSS.escape(next.id)}"]`)?.focus();
  }

  function onClick(event: MouseEvent<SVGSVGElement>) {
    const id = pointIdOf(event.target);
    if (!id) return;
    setActiveId(id);
    onSelect(id);
  }

  function onFocus(event: FocusEvent<SVGSVGElement>) {
    const id = pointIdOf(event.target);
    if (!id) return;
    setFocusId(id);
    setActiveId(id);
  }

  const describe = (p: Point) =>
    `${p.title}: impact ${formatScore(p.impact)}, feasibility ${formatScore(p.feasibility)}, fairness ${formatScore(p.fairness)}, ` +
    `${p.raters} ${p.raters === 1 ? 'rater' : 'raters'}${p.contested ? ', parties far apart' : ''}${p.id === selectedId ? ', selected' : ''}`;

  return (
    <figure className="min-w-0" data-testid="score-matrix" data-points={points.length}>
      <figcaption id={titleId} className="mb-1 text-sm font-medium">
        {caption}
      </figcaption>
      <div ref={containerRef} className="relative w-full">
        {measured > 0 ? (
          <svg
            ref={svgRef}
            width={width}
            height={height}
            role="group"
            aria-labelledby={titleId}
            className="block touch-manipulation select-none"
            // one set of handlers for every point (each point stays a plain memoised drawing)
            onClick={onClick}
            onKeyDown={onKeyDown}
            onFocus={onFocus}
            onBlur={(e) => pointIdOf(e.target) && setFocusId(null)}
            onPointerOver={(e) => setHoverId(pointIdOf(e.target))}
            onPointerLeave={() => setHoverId(null)}
          >
            {/* quadrants: a reading aid, not a verdict */}
            <rect x={x(3)} y={y(5)} width={x(5) - x(3)} height={y(3) - y(5)} className="fill-ok/5" />
            <g aria-hidden className="fill-muted text-[11px]">
              <text x={x(5) - 6} y={y(5) + 14} textAnchor="end">Do first</text>
              <text x={x(1) + 6} y={y(5) + 14}>Worth the effort</text>
              <text x={x(5) - 6} y={y(1) - 8} textAnchor="end">Easy, small gain</text>
            </g>
            <g aria-hidden className="text-[12px]">
              {TICKS.map((t) => (
                <g key={`x${t}`}>
                  <line x1={x(t)} x2={x(t)} y1={y(1)} y2={y(5)} className="stroke-line" strokeDasharray={t === 3 ? undefined : '2 4'} />
                  <text x={x(t)} y={y(1) + 18} textAnchor="middle" className="fill-muted tabular-nums">{t}</text>
                </g>
              ))}
              {TICKS.map((t) => (
                <g key={`y${t}`}>
                  <line x1={x(1)} x2={x(5)} y1={y(t)} y2={y(t)} className="stroke-line" strokeDasharray={t === 3 ? undefined : '2 4'} />
                  <text x={x(1) - 10} y={y(t) + 4} textAnchor="end" className="fill-muted tabular-nums">{t}</text>
                </g>
              ))}
              <text x={(x(1) + x(5)) / 2} y={height - 8} textAnchor="middle" className="fill-ink font-medium">Feasibility →</text>
              <text transform={`translate(14 ${(y(1) + y(5)) / 2}) rotate(-90)`} textAnchor="middle" className="fill-ink font-medium">Impact →</text>
            </g>
            {points.map((p) => (
              <MatrixPoint
                key={p.id}
                id={p.id}
                x={p.x}
                y={p.y}
                r={p.r}
                band={p.band}
                contested={p.contested}
                label={describe(p)}
                tabbable={p.id === tabbableId}
                selected={p.id === selectedId}
                focused={p.id === focusId}
              />
            ))}
          </svg>
        ) : (
          <div style={{ height }} />
        )}
        {shown ? (
          <div
            aria-hidden
            data-testid="matrix-tooltip"
            className="pointer-events-none absolute z-10 w-max max-w-[16rem] rounded-md border border-line bg-white px-2.5 py-1.5 text-xs shadow-md"
            style={
              // beside the point (never over it): to the right, or to the left near the right edge
              shown.x < width * 0.6
                ? { left: shown.x + shown.r + 14, top: Math.max(0, shown.y - 28) }
                : { left: shown.x - shown.r - 14, top: Math.max(0, shown.y - 28), transform: 'translateX(-100%)' }
            }
          >
            <p className="font-medium break-words text-ink">{shown.title}</p>
            <p className="text-muted tabular-nums">
              Impact {formatScore(shown.impact)} · Feasibility {formatScore(shown.feasibility)} · Fairness {formatScore(shown.fairness)}
            </p>
            <p className="text-muted">
              {shown.raters} {shown.raters === 1 ? 'rater' : 'raters'}
              {shown.contested ? ' · parties far apart' : ''}
            </p>
          </div>
        ) : null}
        {points.length === 0 && measured > 0 ? (
          <p className="absolute inset-x-0 top-1/3 px-8 text-center text-sm text-muted">
            Points appear here as options are rated on impact and feasibility.
          </p>
        ) : null}
      </div>
      <MatrixLegend />
    </figure>
  );
});

/** Memoised: it never changes, so a moved point does not redraw it. */
const MatrixLegend = memo(function MatrixLegend() {
  return (
    <ul aria-label="Legend" className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
      {(Object.keys(FAIRNESS_BANDS) as FairnessBand[]).map((band) => (
        <li key={band} className="inline-flex items-center gap-1.5">
          <svg aria-hidden width={16} height={16} viewBox="-8 -8 16 16">
            <Marker band={band} r={5} />
          </svg>
          {FAIRNESS_BANDS[band].label}
        </li>
      ))}
      <li className="inline-flex items-center gap-1.5">
        <svg aria-hidden width={16} height={16} viewBox="-8 -8 16 16">
          <circle r={6.5} fill="none" className="stroke-warn" strokeWidth={1.5} strokeDasharray="3 2" />
        </svg>
        Parties far apart
      </li>
      <li>Larger point: more raters</li>
    </ul>
  );
});
