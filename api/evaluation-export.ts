/**
 * The evaluation's exports: any table as CSV, and the whole report as one HTML page styled for
 * print, with its charts drawn in inline SVG. The page loads nothing from elsewhere, and every
 * text from the server (titles, codes, names) is escaped.
 */
import type { Cell, Table } from '../domain/evaluation';
import { escapeHtml } from './html';

/** RFC 4180; a text that a spreadsheet would run as a formula (=, +, -, @) is quoted with a leading '. */
export function toCsv(table: Table): string {
  const field = (value: Cell) => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.columns.map((c) => field(c.key)), ...table.rows.map((row) => table.columns.map((c) => field(row[c.key] ?? null)))];
  return `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

const cellHtml = (value: Cell) => (value === null ? '<td class="none">–</td>' : `<td>${escapeHtml(String(value))}</td>`);

function tableHtml(name: string, table: Table): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c.title)}</th>`).join('');
  const body = table.rows.length
    ? table.rows.map((row) => `<tr>${table.columns.map((c) => cellHtml(row[c.key] ?? null)).join('')}</tr>`).join('')
    : `<tr><td colspan="${table.columns.length}">nothing in this period</td></tr>`;
  return `<section id="${escapeHtml(name)}"><h2>${escapeHtml(table.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></section>`;
}

const COLOURS = ['#2b6cb0', '#dd6b20', '#c53030', '#2f855a', '#6b46c1'];

/** Grouped bars: one group per row (labelled by `labelKey`), one bar per series. */
function barChart(table: Table, labelKey: string, series: string[]): string {
  const rows = table.rows.filter((row) => series.some((s) => typeof row[s] === 'number' && (row[s] as number) > 0));
  if (rows.length === 0) return '';
  const max = Math.max(...rows.flatMap((row) => series.map((s) => (typeof row[s] === 'number' ? (row[s] as number) : 0))));
  const bar = 14;
  const group = bar * series.length + 12;
  const [width, height, left, bottom] = [Math.max(320, rows.length * group + 60), 180, 40, 40];
  const plot = height - bottom - 10;
  const title = (key: string) => table.columns.find((c) => c.key === key)?.title ?? key;
  const bars = rows.flatMap((row, i) => {
    const label = `<text x="${left + i * group + group / 2}" y="${height - bottom + 14}" text-anchor="middle">${escapeHtml(String(row[labelKey] ?? ''))}</text>`;
    const rects = series.map((s, j) => {
      const value = typeof row[s] === 'number' ? (row[s] as number) : 0;
      const h = (value / max) * plot;
      return `<rect x="${left + i * group + j * bar + 6}" y="${10 + plot - h}" width="${bar - 2}" height="${h}" fill="${COLOURS[j % COLOURS.length]}"><title>${escapeHtml(`${title(s)}: ${value}`)}</title></rect>`;
    });
    return [...rects, label];
  });
  const legend = series
    .map((s, j) => `<text x="${left + j * 150}" y="${height - 6}" fill="${COLOURS[j % COLOURS.length]}">■ ${escapeHtml(title(s))}</text>`)
    .join('');
  const axis = `<line x1="${left}" y1="${10 + plot}" x2="${width}" y2="${10 + plot}" stroke="#333"/><text x="4" y="18">${max}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(table.title)}" width="${width}" height="${height}" font-size="10">${axis}${bars.join('')}${legend}</svg>`;
}

/** The charts of the report: which table, labelled by which column, with which series. */
const CHARTS: Record<string, [string, string[]]> = {
  timelinessByRule: ['rule', ['onTime', 'late', 'notDone']],
  escalationsByMonth: ['month', ['toCoordinator', 'toOrganisation']],
  reactionToDanger: ['trigger', ['medianHours', 'askedMedianHours']],
  alertsByTrigger: ['trigger', ['ackMedianMinutes', 'ackP90Minutes']],
  fieldVisitAlarmsByMonth: ['month', ['missed', 'panic', 'duress']],
};

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em;color:#111}h1{font-size:1.4em}h2{font-size:1.05em;margin-top:1.6em}
table{border-collapse:collapse;font-size:.85em;margin:.4em 0}th,td{border:1px solid #999;padding:.2em .5em;text-align:right}
th{background:#eee}td:first-child,th:first-child{text-align:left}td.none{color:#777;text-align:center}svg{display:block;margin:.4em 0}
@media print{body{margin:0}section{break-inside:avoid}@page{size:A4 landscape;margin:12mm}}`;

/** The printable report: every table, each chart above its table. */
export function reportHtml(heading: string, period: string, tables: Record<string, Table>, note: string): string {
  const sections = Object.entries(tables).map(([name, table]) => {
    const chart = CHARTS[name]
      ? barChart(
          table,
          CHARTS[name][0],
          CHARTS[name][1].filter((s) => table.columns.some((c) => c.key === s)),
        )
      : '';
    return tableHtml(name, { ...table }).replace('</h2>', `</h2>${chart}`);
  });
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title><style>${STYLE}</style></head>` +
    `<body><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(period)}</p><p>${escapeHtml(note)}</p>${sections.join('')}</body></html>`
  );
}
