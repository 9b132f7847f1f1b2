/**
 * Quiet hours: when a reminder may reach a contact. Reminders falling inside the contact's
 * quiet hours wait for their end; urgent alerts never consult this. Pure (no I/O, no clock), so
 * workflows may call it with their own time.
 */

export interface QuietHours {
  /** IANA time zone, e.g. Europe/Belgrade. */
  timeZone: string;
  /** Minutes after local midnight (0..1439); null (either) means no quiet hours. */
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/**
 * The first instant at or after `at` outside the contact's quiet hours. A period may wrap
 * midnight (22:00 to 07:00); start equal to end means none. The end is local wall-clock time, so
 * across a DST change the night is an hour shorter or longer; an end the clock skips (spring
 * forward) is the moment it jumps past it, an end it shows twice (fall back) its next occurrence.
 */
export function deliverableAt(at: Date, contact: QuietHours): Date {
  const { timeZone, quietHoursStart: start, quietHoursEnd: end } = contact;
  if (start === null || end === null || start === end) return at;
  const local = wallClock(at.getTime(), timeZone);
  const minute = local.hour * 60 + local.minute;
  const quiet = (m: number) => (start > end ? m >= start || m < end : m >= start && m < end);
  if (!quiet(minute)) return at;
  // Inside a wrapping period before midnight, the period ends tomorrow.
  const dayOffset = start > end && minute >= start ? 1 : 0;
  const endLocal = Date.UTC(local.year, local.month - 1, local.day + dayOffset, 0, end);
  const ends = instantOf(endLocal, timeZone, at.getTime());
  // A clock set back (summer time ending) may turn to a time outside the quiet hours before they end.
  const turned = clockChange(at.getTime(), ends, timeZone);
  if (turned !== null) {
    const l = wallClock(turned, timeZone);
    if (!quiet(l.hour * 60 + l.minute)) return new Date(turned);
  }
  return new Date(ends);
}

/** "22:30" -> 1350: quiet hours as people write them. */
export function minutesOfDay(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`"${hhmm}" is not a time of day (HH:MM, 00:00 to 23:59)`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** True when Intl knows the zone (what the API checks before storing a contact's time zone). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(epochMs)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** Offset of local time from UTC at an instant, in ms (to the minute, as every zone today). */
function offsetAt(epochMs: number, timeZone: string): number {
  const l = wallClock(epochMs, timeZone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute) - Math.floor(epochMs / MINUTE_MS) * MINUTE_MS;
}

/** The minute the zone's offset changes in (from, to], if it does (zones change at most once a day). */
function clockChange(from: number, to: number, timeZone: string): number | null {
  const first = offsetAt(from, timeZone);
  if (offsetAt(to, timeZone) === first) return null;
  let [same, changed] = [Math.floor(from / MINUTE_MS) * MINUTE_MS, to];
  while (changed - same > MINUTE_MS) {
    const mid = same + Math.floor((changed - same) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(mid, timeZone) === first) same = mid;
    else changed = mid;
  }
  return changed;
}

/**
 * The first instant after `notBefore` whose wall-clock time in `timeZone` is `localAsUtc` (given
 * as if it were UTC), or, when the clock skips that time, the moment it jumps past it. A time the
 * clock shows twice may have its first occurrence behind `notBefore`.
 */
function instantOf(localAsUtc: number, timeZone: string, notBefore: number): number {
  const halfDay = (DAY_MINUTES / 2) * MINUTE_MS;
  const local = (t: number) => t + offsetAt(t, timeZone);
  // With the offsets before and after any transition near that time (zones change at most once a day).
  const before = localAsUtc - offsetAt(localAsUtc - halfDay, timeZone);
  const after = localAsUtc - offsetAt(localAsUtc + halfDay, timeZone);
  const valid = [before, after].filter((t) => t > notBefore && local(t) === localAsUtc);
  if (valid.length) return Math.min(...valid);
  // In a gap the clock reads earlier at `after` and later at `before`: find the jump to the minute.
  let [reads, jumped] = [after, before];
  while (jumped - reads > MINUTE_MS) {
    const mid = reads + Math.floor((jumped - reads) / 2 / MINUTE_MS) * MINUTE_MS;
    if (local(mid) >= localAsUtc) jumped = mid;
    else reads = mid;
  }
  return jumped;
}
