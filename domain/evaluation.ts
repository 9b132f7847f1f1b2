/**
 * The arithmetic of the evaluation (README "Evaluation"): quantiles, grouped tables whose every
 * figure knows how many cases stand behind it, the suppression of small cells for the national
 * view, and the attribution of incidents to the rating in force. Pure.
 */
import type { RiskLevel } from './case-facts';
import type { Incident, Rating } from './evaluation-replay';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** A case-month: 30 days of one case under one rating. */
export const CASE_MONTH = 30 * DAY;
/** Incidents count against a rating for this long after it (or until the next rating). */
export const FOLLOW_UP = 30 * DAY;
/** The national view shows no figure that fewer cases (visits, organisations) stand behind. */
export const SMALLEST_CELL = 5;

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Column {
  key: string;
  title: string;
}

export interface Table {
  title: string;
  columns: Column[];
  rows: Row[];
}

/** The column of the distinct cases behind a row. */
export const CASES: Column = { key: 'cases', title: 'cases' };

/** A table whose every numeric cell carries the number of distinct units (cases) behind it. */
export interface CountedTable extends Table {
  support: Record<string, number>[];
}

/** The p-th quantile (0 < p <= 1) by nearest rank: the smallest value with at least p of all at or below it. */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

export const round = (value: number, decimals = 2): number => Math.round(value * 10 ** decimals) / 10 ** decimals;
export const percent = (part: number, whole: number): number | null => (whole === 0 ? null : round((100 * part) / whole, 1));
/** 'YYYY-MM' of an instant, in UTC. */
export const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

/** One column of a grouped table: its figure over the group's items that `where` keeps. */
export interface Measure<T> {
  key: string;
  title: string;
  where?: (item: T) => boolean;
  value: (items: T[]) => number | null;
  /** The items whose units stand behind the figure, when not those `where` keeps (a share: its numerator's). */
  supportWhere?: (item: T) => boolean;
}

export const count = <T>(key: string, title: string, where?: (item: T) => boolean): Measure<T> => ({
  key,
  title,
  where,
  value: (items) => items.length,
});

/** The share (%) of the items that `part` keeps; its units are those of the part. */
export const share = <T>(key: string, title: string, part: (item: T) => boolean): Measure<T> => ({
  key,
  title,
  supportWhere: part,
  value: (items) => percent(items.filter(part).length, items.length),
});

/** Quantile `p` of `ms(item)`, in hours (or another unit), over the items `where` keeps. */
export const durationQuantile = <T>(
  key: string,
  title: string,
  p: number,
  ms: (item: T) => number | null,
  { where, unit = HOUR }: { where?: (item: T) => boolean; unit?: number } = {},
): Measure<T> => ({
  key,
  title,
  where,
  value: (items) => {
    const q = quantile(
      items.map(ms).filter((v): v is number => v !== null),
      p,
    );
    return q === null ? null : round(q / unit);
  },
});

export interface Grouping<T> {
  title: string;
  key: Column;
  keyOf: (item: T) => string;
  /** The unit behind each figure: a case id, a visit id, an organisation id. */
  unitOf: (item: T) => string;
  /** Column of the distinct units of the whole row. */
  units: Column;
  measures: Measure<T>[];
  /** Row keys in this order first (rows without items show zeros); the others after, sorted. */
  order?: readonly string[];
  /** Columns that describe the row's key (a caseworker's name), from the key. */
  labels?: { column: Column; of: (key: string) => Cell }[];
}

/** Groups `items` into rows by key; every figure comes with the distinct units behind it. */
export function groupTable<T>(items: readonly T[], g: Grouping<T>): CountedTable {
  const groups = new Map<string, T[]>((g.order ?? []).map((k) => [k, []]));
  for (const item of items) {
    const key = g.keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const fixed = new Set(g.order ?? []);
  const keys = [...(g.order ?? []), ...[...groups.keys()].filter((k) => !fixed.has(k)).sort()];
  const rows: Row[] = [];
  const support: Record<string, number>[] = [];
  for (const key of keys) {
    const members = groups.get(key)!;
    const row: Row = { [g.key.key]: key };
    for (const label of g.labels ?? []) row[label.column.key] = label.of(key);
    const units = (list: T[]) => new Set(list.map(g.unitOf)).size;
    const counted: Record<string, number> = { [g.units.key]: units(members) };
    for (const m of g.measures) {
      const kept = m.where ? members.filter(m.where) : members;
      row[m.key] = m.value(kept);
      counted[m.key] = units(m.supportWhere ? kept.filter(m.supportWhere) : kept);
    }
    row[g.units.key] = counted[g.units.key];
    rows.push(row);
    support.push(counted);
  }
  const columns = [g.key, ...(g.labels ?? []).map((l) => l.column), ...g.measures.map(({ key, title }) => ({ key, title })), g.units];
  return { title: g.title, columns, rows, support };
}

/** The national view: every figure fewer than SMALLEST_CELL units stand behind becomes null. */
export function suppressSmallCells(table: CountedTable): Table {
  const rows = table.rows.map((row, i) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => {
        const units = table.support[i][key];
        return [key, units !== undefined && units < SMALLEST_CELL ? null : value];
      }),
    ),
  );
  return { title: table.title, columns: table.columns, rows };
}

/** A table as the organisation sees it: every figure. */
export const withoutSupport = ({ title, columns, rows }: Table): Table => ({ title, columns, rows });

/** A rating's follow-up: from the rating to the next one, 30 days at most, and no later than `asOf`. */
export interface RatingWindow {
  rating: Rating;
  until: number;
  incidents: Incident[];
}

/**
 * Each incident counts against the latest rating before it (strictly), if it came within 30
 * days of it and no later rating came first: one incident, one rating.
 */
export function ratingWindows(ratings: readonly Rating[], incidents: readonly Incident[], asOf: number): RatingWindow[] {
  const sorted = [...ratings].sort((a, b) => a.at - b.at);
  return sorted
    .map((rating, i) => {
      const until = Math.min(sorted[i + 1]?.at ?? Infinity, rating.at + FOLLOW_UP, asOf);
      return { rating, until, incidents: incidents.filter((x) => x.at > rating.at && x.at <= until) };
    })
    .filter((w) => w.until >= w.rating.at);
}

/** A HIGH or CRITICAL incident within the follow-up of a LOW or MEDIUM rating. */
export const isMissedDanger = (rating: RiskLevel, severity: RiskLevel): boolean =>
  (rating === 'LOW' || rating === 'MEDIUM') && (severity === 'HIGH' || severity === 'CRITICAL');
