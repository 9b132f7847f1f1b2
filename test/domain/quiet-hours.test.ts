/**
 * When a reminder may reach a contact, in Europe/Belgrade across both DST changes of 2027
 * (spring forward Sunday 28 March 02:00 CET -> 03:00 CEST, fall back Sunday 31 October 03:00
 * CEST -> 02:00 CET).
 */
import fc from 'fast-check';
import { deliverableAt, isTimeZone, minutesOfDay, type QuietHours } from '../../domain/quiet-hours';

const belgrade = (start: string, end: string): QuietHours => ({
  timeZone: 'Europe/Belgrade',
  quietHoursStart: minutesOfDay(start),
  quietHoursEnd: minutesOfDay(end),
});
const at = (iso: string) => deliverableAt(new Date(iso), belgrade('22:00', '07:00')).toISOString();

test.each([
  // [instant (UTC), deliverable (UTC), why]
  ['2027-01-12T12:00:00.000Z', '2027-01-12T12:00:00.000Z', 'midday: at once'],
  ['2027-01-12T20:59:00.000Z', '2027-01-12T20:59:00.000Z', '21:59 CET: just before the quiet hours'],
  ['2027-01-12T21:00:00.000Z', '2027-01-13T06:00:00.000Z', '22:00 CET: 07:00 CET next morning'],
  ['2027-01-13T02:30:00.000Z', '2027-01-13T06:00:00.000Z', '03:30 CET, after midnight: 07:00 the same morning'],
  ['2027-01-13T06:00:00.000Z', '2027-01-13T06:00:00.000Z', '07:00 CET: the quiet hours are over'],
  ['2027-07-01T20:30:00.000Z', '2027-07-02T05:00:00.000Z', 'summer 22:30 CEST: 07:00 CEST'],
  ['2027-03-27T22:00:00.000Z', '2027-03-28T05:00:00.000Z', 'Sat 23:00 CET before spring forward: 07:00 CEST, a night an hour shorter'],
  ['2027-10-30T21:00:00.000Z', '2027-10-31T06:00:00.000Z', 'Sat 23:00 CEST before fall back: 07:00 CET, a night an hour longer'],
])('%s -> %s (%s)', (instant, expected) => {
  expect(at(instant)).toBe(expected);
});

test('an end the clock skips (02:30 on the spring-forward night) is the jump itself, 03:00 CEST', () => {
  const quiet = belgrade('00:00', '02:30');
  expect(deliverableAt(new Date('2027-03-28T00:15:00Z'), quiet).toISOString()).toBe('2027-03-28T01:00:00.000Z');
});

test('an end the clock shows twice (02:30 on the fall-back night) is its next occurrence', () => {
  const quiet = belgrade('00:00', '02:30');
  // 01:00 CEST: the first 02:30, still CEST (00:30 UTC).
  expect(deliverableAt(new Date('2027-10-30T23:00:00Z'), quiet).toISOString()).toBe('2027-10-31T00:30:00.000Z');
  // 02:40 CEST: past the first 02:30, outside the quiet hours.
  expect(deliverableAt(new Date('2027-10-31T00:40:00Z'), quiet).toISOString()).toBe('2027-10-31T00:40:00.000Z');
  // 02:10 CET, the repeated hour: the clock reads inside the quiet hours again, until it shows 02:30 CET.
  expect(deliverableAt(new Date('2027-10-31T01:10:00Z'), quiet).toISOString()).toBe('2027-10-31T01:30:00.000Z');
});

test('a clock set back to a time outside the quiet hours ends them then, not at their end', () => {
  // Quiet from 02:01 to midnight in Belgrade; at 02:59 CEST the clock turns back to 02:00 CET, which is not quiet.
  const quiet = belgrade('02:01', '00:00');
  expect(deliverableAt(new Date('2027-10-31T00:59:59.999Z'), quiet).toISOString()).toBe('2027-10-31T01:00:00.000Z');
  // Turned back to a time still quiet (02:00 CET, quiet from 01:30): the end, midnight CET, stands.
  expect(deliverableAt(new Date('2027-10-31T00:45:00Z'), belgrade('01:30', '00:00')).toISOString()).toBe('2027-10-31T23:00:00.000Z');
});

test('quiet hours within one day, and none at all', () => {
  const lunch = belgrade('13:00', '14:00');
  expect(deliverableAt(new Date('2027-05-03T11:30:00Z'), lunch).toISOString()).toBe('2027-05-03T12:00:00.000Z');
  expect(deliverableAt(new Date('2027-05-03T12:00:00Z'), lunch).toISOString()).toBe('2027-05-03T12:00:00.000Z');
  const none: QuietHours = { timeZone: 'Europe/Belgrade', quietHoursStart: null, quietHoursEnd: null };
  expect(deliverableAt(new Date('2027-05-03T23:30:00Z'), none).toISOString()).toBe('2027-05-03T23:30:00.000Z');
  expect(deliverableAt(new Date('2027-05-03T23:30:00Z'), belgrade('22:00', '22:00')).toISOString()).toBe('2027-05-03T23:30:00.000Z');
});

test("the contact's own time zone counts: 23:30 in London is 00:30 in Belgrade", () => {
  const london: QuietHours = { timeZone: 'Europe/London', quietHoursStart: minutesOfDay('22:00'), quietHoursEnd: minutesOfDay('07:00') };
  expect(deliverableAt(new Date('2027-01-12T23:30:00Z'), london).toISOString()).toBe('2027-01-13T07:00:00.000Z');
});

test('times of day and time zones as people write them', () => {
  expect(minutesOfDay('00:00')).toBe(0);
  expect(minutesOfDay('22:30')).toBe(1350);
  expect(() => minutesOfDay('24:00')).toThrow(RangeError);
  expect(() => minutesOfDay('7:00')).toThrow(/HH:MM/);
  expect(isTimeZone('Europe/Belgrade')).toBe(true);
  expect(isTimeZone('Europe/Novi_Sad')).toBe(false);
});

/** DST changes of 2027 in the zones below (UTC), around which instants are drawn most often. */
const TRANSITIONS = [
  '2027-03-14T07:00:00Z',
  '2027-03-28T01:00:00Z',
  '2027-04-03T15:00:00Z',
  '2027-10-02T15:30:00Z',
  '2027-10-31T01:00:00Z',
  '2027-11-07T06:00:00Z',
].map(Date.parse);
const HOURS = 3_600_000;

test('property: the answer is the first minute at or after the instant that lies outside the quiet hours', () => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  const minute = (t: number, timeZone: string) => {
    if (!formats.has(timeZone))
      formats.set(timeZone, new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }));
    const [h, m] = formats.get(timeZone)!.format(t).split(':').map(Number);
    return h * 60 + m;
  };
  const quietAt = (t: number, q: QuietHours) => {
    const m = minute(t, q.timeZone);
    const [start, end] = [q.quietHoursStart!, q.quietHoursEnd!];
    return start < end ? m >= start && m < end : m >= start || m < end;
  };
  const instant = fc.oneof(
    fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2028-12-31T00:00:00Z') }),
    fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -36 * HOURS, max: 36 * HOURS })).map(([t, d]) => t + d),
  );
  fc.assert(
    fc.property(
      instant,
      fc.constantFrom('Europe/Belgrade', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe'),
      fc.integer({ min: 0, max: 1439 }),
      fc.integer({ min: 0, max: 1439 }),
      (at, timeZone, quietHoursStart, quietHoursEnd) => {
        fc.pre(quietHoursStart !== quietHoursEnd);
        const q = { timeZone, quietHoursStart, quietHoursEnd };
        const result = deliverableAt(new Date(at), q).getTime();
        expect(result).toBeGreaterThanOrEqual(at);
        expect(quietAt(result, q)).toBe(false);
        if (result > at) {
          expect(result % 60_000).toBe(0);
          // Every minute from the instant up to the answer is quiet.
          for (let t = result - 60_000; t >= at - (at % 60_000); t -= 60_000) expect(quietAt(t, q)).toBe(true);
        }
      },
    ),
    { numRuns: 500 },
  );
});
