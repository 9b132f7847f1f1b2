/**
 * Every SMS template, in every language and in Serbian without diacritics, rendered with the
 * worst inputs Vigil accepts or sends (the longest case code, trigger words, due time, names and
 * numbers, a 40-character alert page link or the procedure's), measured by the segment calculator:
 * at most two segments each, GSM-7 when the reader chose plain letters, and each still says what
 * happened, what to do and how to acknowledge.
 */
import { CODE_MAX_LENGTH } from '../../domain/text';
import { EN_TEXTS } from '../../domain/message-texts-en';
import {
  emailText,
  LANGUAGES,
  smsText,
  TRIGGERS,
  triggerWords,
  type Notice,
  type NoticeKind,
  type Reader,
} from '../../domain/message-texts';
import { procedureFor } from '../../domain/response-procedures';
import { isGsm7, MAX_SMS_SEGMENTS, smsSize, withoutDiacritics } from '../../domain/sms-segments';
import type { RuleName } from '../../domain/policy';

const CASE_CODE = `BG-2027-TR/${'X'.repeat(CODE_MAX_LENGTH - 11)}`;
const VISIT_CODE = 'V-ABC234';
/** The contact's alert page link as platform/ack-links.ts makes it: a 16-character token (44 characters in all). */
const PAGE_LINK = 'https://vigil.example.org/a/AbCdEfGh12345-_x';
/** The procedure link an SMS carries when there is no page link. */
const procedureUrl = (trigger: string) => `https://vigil.example.org/procedures/${procedureFor(trigger)}`;
/** The longest display name users and contacts may have (100 characters), all diacritics. */
const NAME = 'Đurđa Čačić-Šćepanović Žižić '.repeat(4).slice(0, 100);
/** The longest E.164 number. */
const PHONE = '+381123456789012';
const ACK = 'A1B2C3';
/** Its reminders show the longest due time: "28 Sept 2027, 19:30 GMT+10:30" (29 characters). */
const READER_ZONE = 'Australia/Lord_Howe';
const DUE = '2027-09-28T09:00:00Z';

const RULES = Object.keys(EN_TEXTS.rules) as RuleName[];
const CASE_TRIGGERS = TRIGGERS.filter((t) => !t.startsWith('visit.'));
const VISIT_TRIGGERS = TRIGGERS.filter((t) => t.startsWith('visit.'));

function alerts(kind: 'urgent' | 'unacknowledged'): Notice[] {
  return [
    ...CASE_TRIGGERS.map((trigger) => ({ kind, caseCode: CASE_CODE, trigger, ackCode: ACK })),
    ...VISIT_TRIGGERS.map((trigger) => ({
      kind,
      caseCode: VISIT_CODE,
      trigger,
      ackCode: ACK,
      about: 'visit' as const,
      staff: { name: NAME, phone: PHONE },
    })),
  ].flatMap((n) => [
    { ...n, pageUrl: PAGE_LINK },
    { ...n, procedureUrl: procedureUrl(n.trigger) },
  ]);
}

const updates = (kind: 'alert-taken' | 'alert-resolved' | 'alert-safe'): Notice[] => [
  { kind, caseCode: CASE_CODE, by: NAME },
  { kind, caseCode: VISIT_CODE, about: 'visit', by: NAME },
];

/** The worst notices of every kind the texts have (a new kind fails to compile here until it has its own). */
const WORST: Record<NoticeKind, Notice[]> = {
  reminder: RULES.map((rule) => ({ kind: 'reminder', caseCode: CASE_CODE, dueAt: DUE, rule })),
  escalation: RULES.map((rule) => ({ kind: 'escalation', caseCode: CASE_CODE, dueAt: DUE, rule })),
  urgent: alerts('urgent'),
  unacknowledged: alerts('unacknowledged'),
  'visit-reminder': [{ kind: 'visit-reminder', visitCode: VISIT_CODE, expectedEndAt: DUE }],
  'sms-ambiguous': [{ kind: 'sms-ambiguous', phoneEnding: '4567' }],
  'self-assessment-reminder': [{ kind: 'self-assessment-reminder', dueAt: DUE }],
  'self-assessment-escalation': [{ kind: 'self-assessment-escalation', dueAt: DUE }],
  'alert-taken': updates('alert-taken'),
  'alert-resolved': updates('alert-resolved'),
  'alert-safe': updates('alert-safe'),
};

const READERS: Reader[] = LANGUAGES.flatMap((language) =>
  [false, true].map((smsWithoutDiacritics) => ({ language, timeZone: READER_ZONE, smsWithoutDiacritics })),
);
const rendered = READERS.flatMap((reader) =>
  Object.values(WORST)
    .flat()
    .map((notice) => ({ reader, notice, text: smsText(reader, notice) })),
);

test('every kind of notice the texts have is rendered, in both languages', () => {
  expect(Object.keys(WORST).sort()).toEqual(Object.keys(EN_TEXTS.texts).sort());
  expect(new Set(rendered.map((r) => r.reader.language))).toEqual(new Set(['en', 'sr-Latn']));
});

test(`every SMS fits in ${MAX_SMS_SEGMENTS} segments with the worst inputs, with or without diacritics`, () => {
  const tooLong = rendered.filter(({ text }) => smsSize(text).segments > MAX_SMS_SEGMENTS);
  expect(tooLong.map(({ reader, notice, text }) => `${reader.language} ${notice.kind}: ${smsSize(text).units} units: ${text}`)).toEqual([]);
  // The date really is the longest one Intl writes.
  expect(smsText(READERS[2], WORST.reminder[0])).toContain('28 Sept 2027, 19:30 GMT+10:30');
});

test('a reader who chose plain letters gets GSM-7 in every SMS and language, Serbian letters as c, s, z, dj', () => {
  const plain = rendered.filter(({ reader }) => reader.smsWithoutDiacritics);
  expect(plain.filter(({ text }) => !isGsm7(text)).map(({ text }) => text)).toEqual([]);
  const sr = { language: 'sr-Latn' as const, timeZone: 'Europe/Belgrade' };
  const alert: Notice = { kind: 'urgent', caseCode: 'JRN-ZAR', trigger: 'perpetrator.released', ackCode: ACK };
  expect(smsText({ ...sr, smsWithoutDiacritics: true }, alert)).toBe(
    'Vigil HITNO: slucaj JRN-ZAR: ucinilac pusten na slobodu. Odmah postupite po proceduri. Odgovorite OK A1B2C3 za potvrdu.',
  );
  expect(smsText(sr, alert)).toBe(
    'Vigil HITNO: slučaj JRN-ZAR: učinilac pušten na slobodu. Odmah postupite po proceduri. Odgovorite OK A1B2C3 za potvrdu.',
  );
});

test('Serbian keeps its diacritics while they fit in two segments, and drops them rather than take a third', () => {
  const sr = { language: 'sr-Latn' as const, timeZone: 'Europe/Belgrade' };
  const reminder: Notice = { kind: 'reminder', caseCode: 'BG-1', dueAt: '2027-03-05T14:00:00Z', rule: 'new-case' };
  expect(smsText(sr, reminder)).toBe(
    'Vigil: ponovna procena bezbednosti za slučaj BG-1 dospeva 5. mar 2027. 15:00 CET (novi slučaj). Unesite je u Vigil.',
  );
  expect(smsSize(smsText(sr, reminder))).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  const long = smsText(sr, { ...reminder, caseCode: CASE_CODE });
  expect(long).toBe(withoutDiacritics(long));
  expect(smsSize(long)).toMatchObject({ encoding: 'GSM-7', segments: 2 });
});

test('each alert SMS says what happened in words, how to acknowledge, and links to the page or the procedure', () => {
  for (const { reader, notice, text } of rendered) {
    if (notice.kind !== 'urgent' && notice.kind !== 'unacknowledged') continue;
    const words = triggerWords(reader.language, notice.trigger);
    expect(text.includes(words) || text.includes(withoutDiacritics(words))).toBe(true);
    expect(text).not.toContain(notice.trigger);
    expect(text).toContain(`OK ${ACK}`);
    expect(text).toContain(notice.caseCode);
    expect(text.endsWith(notice.pageUrl ?? notice.procedureUrl!)).toBe(true);
  }
});

test('every trigger has words of its own in both languages, and hearing.unprepared is not shown as a code', () => {
  for (const language of LANGUAGES)
    for (const trigger of TRIGGERS) expect(triggerWords(language, trigger)).not.toMatch(/^(incident|visit|hearing|perpetrator)\./);
  expect(triggerWords('en', 'hearing.unprepared')).toBe('hearing within 24 hours, no reassessment for it');
  expect(triggerWords('sr-Latn', 'hearing.unprepared')).toBe('ročište u naredna 24 sata, nema procene za njega');
});

test('names in SMS are cut to 40 characters; emails keep them whole', () => {
  const taken: Notice = { kind: 'alert-taken', caseCode: 'BG-1', by: NAME };
  const en = { language: 'en' as const, timeZone: 'Europe/Belgrade' };
  expect(smsText(en, taken)).toContain(`Vigil: ${NAME.slice(0, 40).trim()} has taken charge`);
  expect(smsText(en, taken)).not.toContain(NAME.slice(0, 41));
  expect(emailText(en, taken).subject).toContain(NAME);
});
