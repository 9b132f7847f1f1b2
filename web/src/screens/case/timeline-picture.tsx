/**
 * The timeline as a picture: a horizontal time axis with the risk level as a coloured band,
 * assessments as diamonds, deadlines as circles (met, late, missed, ahead), hearings, releases
 * and incidents as labelled pins, alerts as triangles. Hand-written SVG, role="img" with a title
 * and a description; the list beneath it holds the same items. A long history widens the
 * picture (it scrolls sideways, starting at the present) and thins the labels that would collide.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Texts } from '../../texts/en';
import { useLanguage } from '../../texts/language';
import type { Item, Lane, TimelineData, Tone } from './timeline-data';

const DAY = 86_400_000;
const HEIGHT = 236;
const PAD = 16;
const ROW: Record<Lane | 'band' | 'axis', number> = { band: 14, assessment: 62, deadline: 88, event: 112, alert: 184, axis: 204 };
const LABEL_ROWS = [130, 146, 162];
/** Room for a tick's label ("Nov 30, 8 AM"): closer ticks lose theirs. */
const MIN_LABEL_GAP = 100;

export const TONES: Record<Tone, string> = {
  LOW: '#8fd19e',
  MEDIUM: '#ffd966',
  HIGH: '#f4a261',
  CRITICAL: '#d9534f',
  'on-time': '#1d6b32',
  late: '#b35c00',
  'not-done': '#a61b1b',
  due: '#ffffff',
  hearing: '#0b5cad',
  release: '#6a1b9a',
  incident: '#a61b1b',
  other: '#4a5360',
  open: '#a61b1b',
  unacknowledged: '#a61b1b',
  acknowledged: '#1d6b32',
  resolved: '#4a5360',
};

/** Wide enough for a day to be told from the next on short histories, a year in a few screens; at least the room there is. */
function widthFor(span: number, room: number): number {
  return Math.round(Math.max(room, Math.min(2400, Math.max(640, (span / DAY) * 48))));
}

/** The element's inner width, followed as the window or the phone turns. */
function useRoom(element: RefObject<HTMLElement | null>): number {
  const [room, setRoom] = useState(0);
  useEffect(() => {
    if (!element.current) return undefined;
    const observer = new ResizeObserver(([entry]) => setRoom(Math.floor(entry.contentRect.width)));
    observer.observe(element.current);
    return () => observer.disconnect();
  }, [element]);
  return room;
}

/** Ticks one step apart, the step the smallest that leaves room for a label. */
function ticks(from: number, to: number, perMs: number): { at: number; step: number }[] {
  const steps = [6 * 3_600_000, DAY, 7 * DAY, 30 * DAY, 91 * DAY];
  const step = steps.find((s) => s * perMs >= MIN_LABEL_GAP) ?? steps[steps.length - 1];
  const first = new Date(from);
  if (step >= DAY) first.setHours(0, 0, 0, 0);
  else first.setMinutes(0, 0, 0);
  if (step >= 30 * DAY) first.setDate(1);
  const out: { at: number; step: number }[] = [];
  for (const d = first; d.getTime() <= to;) {
    if (d.getTime() >= from) out.push({ at: d.getTime(), step });
    if (step >= 30 * DAY) d.setMonth(d.getMonth() + Math.round(step / (30 * DAY)));
    else d.setTime(d.getTime() + step);
  }
  return out;
}

export function TimelinePicture({ data, title, desc }: { data: TimelineData; title: string; desc: string }) {
  const { texts, language } = useLanguage();
  const scroller = useRef<HTMLDivElement>(null);
  // Show the present first: a long history scrolls back from it.
  useEffect(() => {
    // In braces: Chromium's scrollTo answers a promise, which React would take for a cleanup function.
    scroller.current?.scrollTo({ left: scroller.current.scrollWidth });
  }, [data]);
  const span = Math.max(data.to - data.from, DAY) * 1.04;
  const from = data.from - span * 0.02;
  const width = widthFor(span, useRoom(scroller));
  const perMs = (width - 2 * PAD) / span;
  const x = (at: number) => PAD + (at - from) * perMs;
  const dateFormat = (step: number) =>
    new Intl.DateTimeFormat(
      language,
      step < DAY
        ? { day: 'numeric', month: 'short', hour: 'numeric' }
        : step < 30 * DAY
          ? { day: 'numeric', month: 'short' }
          : { month: 'short', year: 'numeric' },
    );
  const labelled = placeLabels(
    data.items.filter((i) => i.lane === 'event'),
    x,
    width - PAD,
  );
  return (
    <div ref={scroller} className="timeline-scroll" tabIndex={0} role="region" aria-label={texts.casePage.timeline.scroll}>
      <svg role="img" aria-labelledby="timeline-title timeline-desc" width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`}>
        <title id="timeline-title">{title}</title>
        <desc id="timeline-desc">{desc}</desc>
        {data.bands.map((b) => (
          <g key={b.from} className="band">
            <rect x={x(b.from)} y={ROW.band} width={Math.max(1, x(b.to) - x(b.from))} height={28} fill={TONES[b.level]} />
            {x(b.to) - x(b.from) > 64 && (
              <text x={x(b.from) + 6} y={ROW.band + 19} className="band-label">
                {texts.riskLevels[b.level]}
              </text>
            )}
          </g>
        ))}
        <line x1={PAD} x2={width - PAD} y1={ROW.axis} y2={ROW.axis} className="axis" />
        {ticks(from, from + span, perMs).map((t, i, all) => (
          <g key={t.at}>
            <line x1={x(t.at)} x2={x(t.at)} y1={ROW.axis} y2={ROW.axis + 5} className="axis" />
            {(i === 0 || x(t.at) - x(all[i - 1].at) >= MIN_LABEL_GAP) && (
              <text x={x(t.at)} y={ROW.axis + 20} className="tick-label" textAnchor="middle">
                {dateFormat(t.step).format(t.at)}
              </text>
            )}
          </g>
        ))}
        <line x1={x(data.now)} x2={x(data.now)} y1={ROW.band - 6} y2={ROW.axis} className="now-line" />
        <text x={x(data.now) + 4} y={ROW.band - 2} className="now-label">
          {texts.casePage.timeline.now}
        </text>
        {data.items.map((item) => (
          <Mark key={item.key} item={item} x={x(item.at)} label={labelled.get(item.key)} />
        ))}
      </svg>
    </div>
  );
}

interface Placed {
  y: number;
  /** Ends at its mark, near the right edge, so that it is not cut off. */
  before: boolean;
}

/** Event labels in up to three rows; a label with no room in any is left out (the list has it, the mark its title). */
function placeLabels(items: Item[], x: (at: number) => number, right: number): Map<string, Placed> {
  const rowEnds = LABEL_ROWS.map(() => -Infinity);
  const placed = new Map<string, Placed>();
  for (const item of items) {
    const length = item.label.length * 6.6 + 8;
    const before = x(item.at) + length > right;
    const start = before ? x(item.at) - length : x(item.at) - 4;
    const row = rowEnds.findIndex((end) => end < start);
    if (row < 0) continue;
    rowEnds[row] = start + length + 4;
    placed.set(item.key, { y: LABEL_ROWS[row], before });
  }
  return placed;
}

function Mark({ item, x, label }: { item: Item; x: number; label?: Placed }) {
  const fill = TONES[item.tone];
  const y = ROW[item.lane];
  const shape = {
    assessment: <path d={`M${x} ${y - 8} L${x + 7} ${y} L${x} ${y + 8} L${x - 7} ${y} Z`} fill={fill} stroke="#1b1f24" />,
    deadline: <DeadlineMark x={x} y={y} tone={item.tone} />,
    event: (
      <>
        <line x1={x} x2={x} y1={y} y2={label?.y ?? y} stroke={fill} strokeWidth={2} />
        <circle cx={x} cy={y} r={6} fill={fill} />
        {label && (
          <text x={label.before ? x - 3 : x + 3} y={label.y + 4} className="event-label" textAnchor={label.before ? 'end' : 'start'}>
            {item.label}
          </text>
        )}
      </>
    ),
    alert: <path d={`M${x} ${y - 9} L${x + 8} ${y + 6} L${x - 8} ${y + 6} Z`} fill={fill} stroke="#1b1f24" />,
  }[item.lane];
  return (
    <g className={`mark mark-${item.lane} tone-${item.tone}`} data-label={item.label}>
      <title>{item.label}</title>
      {shape}
    </g>
  );
}

/** A filled circle when met (a tick, or "!" when late), a red cross when missed, a hollow one ahead. */
function DeadlineMark({ x, y, tone }: { x: number; y: number; tone: Tone }) {
  const symbol: Partial<Record<Tone, string>> = { 'on-time': '✓', late: '!', 'not-done': '×' };
  return (
    <>
      <circle cx={x} cy={y} r={8} fill={TONES[tone]} stroke="#1b1f24" strokeWidth={tone === 'due' ? 2 : 1} />
      {symbol[tone] && (
        <text x={x} y={y + 4} textAnchor="middle" className="deadline-symbol">
          {symbol[tone]}
        </text>
      )}
    </>
  );
}

/** The key to the picture's colours and shapes, in words. */
export function TimelineLegend({ texts }: { texts: Texts }) {
  const t = texts.casePage.timeline;
  const swatch = (tone: Tone, text: string) => (
    <li key={`${tone}-${text}`}>
      <svg width="14" height="14" aria-hidden="true" focusable="false">
        <rect width="14" height="14" fill={TONES[tone]} stroke="#1b1f24" />
      </svg>{' '}
      {text}
    </li>
  );
  return (
    <details className="timeline-legend">
      <summary>{t.legend}</summary>
      <ul>
        {(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const).map((r) => swatch(r, `${t.band}: ${texts.riskLevels[r]}`))}
        {(['on-time', 'late', 'not-done', 'due'] as const).map((o) => swatch(o, `${t.deadlines}: ${t.outcomes[o]}`))}
        {swatch('hearing', texts.casePage.timeline.hearing('…', '…'))}
        {swatch('release', texts.casePage.perpetrator.RELEASED)}
        {swatch('incident', t.incident('…', '…'))}
        {(['open', 'acknowledged', 'resolved'] as const).map((o) => swatch(o, `${t.alerts}: ${t.alertOutcomes[o]}`))}
      </ul>
    </details>
  );
}
