/**
 * Just enough of iCalendar (RFC 5545) for a read-only feed: CRLF line ends (3.1), lines folded
 * at 75 octets without splitting a UTF-8 character (3.1), TEXT escaping (3.3.11), UTC times
 * (3.3.5), and the properties calendar apps need to keep events apart across refreshes (UID,
 * DTSTAMP).
 */

export interface CalendarEvent {
  /** Stable across refreshes, so apps update an event instead of duplicating it. */
  uid: string;
  start: Date;
  durationMinutes: number;
  summary: string;
  description?: string;
}

const MAX_OCTETS = 75;

/** TEXT values: backslash, semicolon, comma and newlines escaped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n|\r/g, '\\n');
}

/** A content line folded into lines of at most 75 octets; continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The leading space of a continuation line counts towards its 75 octets.
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** 2027-03-01T09:00:00.000Z -> 20270301T090000Z */
export function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function calendar(name: string, events: CalendarEvent[], now: Date): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vigil//Safety schedule//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...events.flatMap((event) => [
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${utcDateTime(now)}`,
      `DTSTART:${utcDateTime(event.start)}`,
      `DURATION:PT${event.durationMinutes}M`,
      `SUMMARY:${escapeText(event.summary)}`,
      ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
