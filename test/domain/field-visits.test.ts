/**
 * The field-visit rules (domain/field-visits.ts) and the texts visit alerts and reminders are
 * sent in: the visit named by its code, the procedure link when the worker knows the public URL.
 */
import { emailText, LANGUAGES, smsText } from '../../domain/message-texts';
import { extendedEnd, parsePins, parseVisitPlan, reminderAt } from '../../domain/field-visits';

const NOW = Date.parse('2027-03-01T09:00:00Z');
const MINUTE = 60_000;

test('a plan ends in the future, within 24 hours; grace is 1 to 120 whole minutes, 15 by default', () => {
  expect(parseVisitPlan({ expectedEndAt: '2027-03-01T11:00:00+01:00' }, NOW)).toEqual({
    expectedEndAt: '2027-03-01T11:00:00+01:00',
    graceMinutes: 15,
  });
  for (const [input, message] of [
    [{ expectedEndAt: '2027-03-01T09:00:00Z' }, 'expectedEndAt: must lie in the future'],
    [{ expectedEndAt: '2027-03-02T09:00:01Z' }, 'expectedEndAt: must lie within 24 hours'],
    [{}, 'expectedEndAt: is required'],
    [{ expectedEndAt: '2027-03-01T10:00:00Z', graceMinutes: 0 }, 'graceMinutes: must be a whole number of minutes from 1 to 120'],
    [{ expectedEndAt: '2027-03-01T10:00:00Z', graceMinutes: 7.5 }, 'graceMinutes: must be a whole number of minutes from 1 to 120'],
  ] as const) {
    expect(() => parseVisitPlan(input, NOW)).toThrow(message);
  }
});

test('an extension counts from the current end, or from now once the end has passed; the reminder comes 10 minutes before', () => {
  expect(extendedEnd(NOW + 30 * MINUTE, 30, NOW)).toBe(NOW + 60 * MINUTE);
  expect(extendedEnd(NOW - 5 * MINUTE, 30, NOW)).toBe(NOW + 30 * MINUTE);
  expect(() => extendedEnd(NOW + 23 * 60 * MINUTE, 120, NOW)).toThrow('minutes: must lie within 24 hours');
  expect(() => extendedEnd(NOW, 0, NOW)).toThrow('minutes: must be a whole number of minutes from 1 to 480');
  expect(reminderAt(NOW + 60 * MINUTE, NOW)).toBe(NOW + 50 * MINUTE);
  expect(reminderAt(NOW + 10 * MINUTE, NOW)).toBeNull();
});

test('PINs are 4 to 8 digits each, and the duress PIN differs from the check-in PIN', () => {
  expect(parsePins({ checkInPin: '0420', duressPin: '12345678' })).toEqual({ checkInPin: '0420', duressPin: '12345678' });
  expect(() => parsePins({ checkInPin: '123', duressPin: '9999' })).toThrow('checkInPin: must be 4 to 8 digits');
  expect(() => parsePins({ checkInPin: '1234', duressPin: 9999 })).toThrow('duressPin: must be 4 to 8 digits');
  expect(() => parsePins({ checkInPin: '1234', duressPin: '1234' })).toThrow('duressPin: must differ from the check-in PIN');
});

test('visit alerts name the visit and link the procedure; case alerts read as before without a public URL', () => {
  const en = { language: 'en' as const, timeZone: 'Europe/Belgrade' };
  const visitAlert = {
    kind: 'urgent' as const,
    caseCode: 'V-ABC234',
    trigger: 'visit.missed-check-in',
    ackCode: 'A1B2C3',
    about: 'visit' as const,
    procedureUrl: 'https://vigil.example.org/procedures/missed-check-in',
  };
  expect(smsText(en, visitAlert)).toBe(
    'Vigil URGENT: field visit V-ABC234: no safe check-in by the deadline. Follow your response procedure now. Reply OK A1B2C3 to acknowledge. Procedure: https://vigil.example.org/procedures/missed-check-in',
  );
  expect(emailText(en, { ...visitAlert, kind: 'unacknowledged' }).text).toContain(
    "Your organisation's procedure: https://vigil.example.org/procedures/missed-check-in",
  );
  expect(smsText({ ...en, language: 'sr-Latn' }, visitAlert)).toContain(
    'Vigil HITNO: terenska poseta V-ABC234: nema javljanja o bezbednosti do roka.',
  );
  expect(smsText(en, { kind: 'urgent', caseCode: 'BG-1', trigger: 'perpetrator.released', ackCode: 'A1B2C3' })).toBe(
    'Vigil URGENT: case BG-1: perpetrator released. Follow your response procedure now. Reply OK A1B2C3 to acknowledge.',
  );
  for (const language of LANGUAGES) {
    const reminder = { kind: 'visit-reminder' as const, visitCode: 'V-ABC234', expectedEndAt: '2027-03-01T14:30:00Z' };
    const text = smsText({ language, timeZone: 'Europe/Belgrade' }, reminder);
    expect(text).toContain('V-ABC234');
    expect(text).toContain('15:30');
    expect(text).not.toContain('visit-reminder');
  }
});
