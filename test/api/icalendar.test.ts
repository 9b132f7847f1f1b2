/** The calendar feed's format, line by line against RFC 5545, and as a calendar library reads it. */
import ICAL from 'ical.js';
import { calendar, escapeText, foldLine } from '../../api/icalendar';

const now = new Date('2027-03-01T08:00:00.123Z');
const events = [
  {
    uid: 'reassessment-1@vigil.invalid',
    start: new Date('2027-03-02T09:30:00Z'),
    durationMinutes: 30,
    summary: 'Reassessment due: BG-2027/001, Novi Sad; "A"',
  },
  {
    uid: 'hearing-1-K-12@vigil.invalid',
    start: new Date('2027-03-05T10:00:00Z'),
    durationMinutes: 120,
    summary: `Hearing (main): ${'Ž'.repeat(60)}`,
    description: 'Line one\nLine two; with \\ backslash',
  },
];
const text = calendar('Vigil', events, now);

test('CRLF line ends, no line over 75 octets, continuation lines start with one space', () => {
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.slice(0, -2).split('\r\n');
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  // Unfolding (3.1): remove every CRLF followed by one space; each unfolded line is NAME[;params]:value.
  const unfolded = text.replace(/\r\n /g, '').slice(0, -2).split('\r\n');
  for (const line of unfolded) expect(line).toMatch(/^[A-Z][A-Z0-9-]*(;[^:]*)?:/);
  expect(unfolded).toContain(`SUMMARY:Hearing (main): ${'Ž'.repeat(60)}`);
});

test('components nest and carry the required properties', () => {
  const unfolded = text.replace(/\r\n /g, '').slice(0, -2).split('\r\n');
  expect(unfolded.slice(0, 3)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vigil//Safety schedule//EN']);
  expect(unfolded.at(-1)).toBe('END:VCALENDAR');
  const stack: string[] = [];
  for (const line of unfolded) {
    if (line.startsWith('BEGIN:')) stack.push(line.slice(6));
    if (line.startsWith('END:')) expect(stack.pop()).toBe(line.slice(4));
  }
  expect(stack).toEqual([]);
  const vevents = text.split('BEGIN:VEVENT').slice(1);
  for (const vevent of vevents)
    for (const name of ['UID:', 'DTSTAMP:20270301T080000Z', 'DTSTART:', 'SUMMARY:']) expect(vevent).toContain(`\r\n${name}`);
});

test('TEXT escaping: backslash, semicolon, comma, newline', () => {
  expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  expect(text).toContain('SUMMARY:Reassessment due: BG-2027/001\\, Novi Sad\\; "A"');
});

test('folding never splits a UTF-8 character', () => {
  const folded = foldLine(`X:${'ć'.repeat(100)}`);
  for (const line of folded.split('\r\n')) expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
  expect(folded.replace(/\r\n /g, '')).toBe(`X:${'ć'.repeat(100)}`);
});

test('a calendar library reads back the same events', () => {
  const parsed = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
  expect(parsed.map((e) => [e.uid, e.summary, e.startDate.toJSDate().toISOString(), e.duration.toSeconds(), e.description])).toEqual([
    ['reassessment-1@vigil.invalid', 'Reassessment due: BG-2027/001, Novi Sad; "A"', '2027-03-02T09:30:00.000Z', 1800, null],
    [
      'hearing-1-K-12@vigil.invalid',
      `Hearing (main): ${'Ž'.repeat(60)}`,
      '2027-03-05T10:00:00.000Z',
      7200,
      'Line one\nLine two; with \\ backslash',
    ],
  ]);
});
