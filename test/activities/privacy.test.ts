/**
 * The privacy rule for SMS and email: texts carry the case code, the trigger and what to do,
 * never the victim's name, address or notes. Every template, in both languages, on both
 * channels, is sent for a case whose record holds all three, and what the SMTP server and the
 * Twilio imitation received, what was recorded and what was logged is searched for them.
 */
import { emailText, LANGUAGES, NOTICE_KINDS, smsText, type Language } from '../../domain/message-texts';
import { INCIDENT_TYPES } from '../../domain/case-events';
import { DEFAULT_POLICY } from '../../domain/policy';
import { loadConfig } from '../../platform/config';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { newIdentity, runActivity, startDeliveryTestbed, type DeliveryTestbed } from '../support/delivery';

let tb: DeliveryTestbed;
let smtp: TestSmtp;
let fake: FakeTwilio;

const VICTIM = { name: 'Milica Jovanović', address: 'Nemanjina 12, Zemun', notes: 'skriva se kod tetke, dete ide u školu u Batajnici' };

beforeAll(async () => {
  [tb, smtp, fake] = await Promise.all([startDeliveryTestbed('privacy'), startTestSmtp(), startFakeTwilio()]);
  // The case record holds what the case file knows (the API stores it encrypted; here in clear, the worst case).
  await tb.prisma.caseTimelineEntry.create({
    data: {
      caseId: tb.seed.caseId,
      kind: 'assessment.completed',
      at: new Date('2027-03-02T10:00:00Z'),
      detail: { victimName: VICTIM.name, address: VICTIM.address, notes: VICTIM.notes },
      idempotencyKey: 'privacy-fixture',
    },
  });
});
afterAll(async () => {
  await fake?.close();
  await smtp?.close();
  await tb?.close();
});

test('no template, in either language or channel, carries the name, address or notes on record', async () => {
  const { seed, prisma } = tb;
  const activities = tb.activities({
    messaging: loadConfig({
      SMTP_URL: smtp.url,
      SMTP_FROM: 'vigil@astra.test',
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_FROM: '+381600000001',
      TWILIO_API_BASE_URL: fake.url,
    }).messaging,
  });
  const recipients = [seed.ana.id, seed.ben.id];
  // Reminders reach people without an email address by SMS.
  const phoneOnly = await Promise.all(
    (['sr-Latn', 'en'] as const).map((lang) =>
      prisma.contact.create({
        data: { organisationId: seed.organisationId, displayName: `Phone only ${lang}`, phone: '+381641113333', language: lang },
      }),
    ),
  );
  const notice = {
    caseId: seed.caseId,
    caseCode: seed.caseCode,
    organisationId: seed.organisationId,
    dueAt: '2027-03-05T14:00:00Z',
    rule: 'hearing-daily',
  };
  const alert = {
    alertId: 'case-privacy/alert/1',
    caseCode: seed.caseCode,
    organisationId: seed.organisationId,
    ackCode: 'M2N4P6',
    caseId: seed.caseId,
  };
  const logged = tb.logLines.length;

  const at = '2027-03-04T12:00:00.000Z'; // midday: no quiet hours hold anything back
  await runActivity(newIdentity('case'), activities.notifyReassessmentDue, {
    ...notice,
    at,
    kind: 'reminder',
    riskLevel: 'HIGH',
    recipients: [...recipients, ...phoneOnly.map((c) => c.id)],
  });
  // HIGH escalations go by SMS as well: both channels of the escalation template.
  await runActivity(newIdentity('case'), activities.notifyReassessmentDue, {
    ...notice,
    at,
    kind: 'escalation',
    riskLevel: 'HIGH',
    recipients,
  });
  // Urgent alerts and their "nobody acknowledged", on each channel, to each contact.
  for (const contactId of recipients) {
    for (const channel of ['sms', 'email'] as const) {
      await runActivity(newIdentity(), activities.deliverToContact, {
        ...alert,
        contactId,
        channel,
        kind: 'urgent',
        trigger: 'incident.surveillance',
      });
      await runActivity(newIdentity(), activities.deliverToContact, {
        ...alert,
        contactId,
        channel,
        kind: 'unacknowledged',
        trigger: 'incident.surveillance',
      });
    }
  }

  const rows = await prisma.deliveryAttempt.findMany({ where: { caseId: seed.caseId } });
  const language = Object.fromEntries((await prisma.contact.findMany()).map((c) => [c.id, c.language as Language]));
  const rendered = new Set(rows.map((r) => `${r.kind}/${r.channel}/${language[r.contactId!]}`));
  const everyTemplate = NOTICE_KINDS.flatMap((kind) =>
    LANGUAGES.flatMap((lang) => ['SMS', 'EMAIL'].map((ch) => `${kind.toUpperCase()}/${ch}/${lang}`)),
  );
  expect([...rendered].sort()).toEqual(everyTemplate.sort());
  expect(rows.every((r) => r.status === 'QUEUED' || r.status === 'SENT')).toBe(true);

  const texts = [
    ...fake.messages.map((m) => m.body),
    ...smtp.received.flatMap((m) => [m.subject, m.text]),
    ...rows.flatMap((r) => (r.subject === null ? [r.body] : [r.subject, r.body])),
  ];
  expect([fake.messages.length, smtp.received.length, rows.length]).toEqual([8, 8, 16]);
  const names = (await prisma.contact.findMany()).map((c) => c.displayName);
  const forbidden = [VICTIM.name, 'Milica', 'Jovanović', VICTIM.address, 'Nemanjina', 'Zemun', VICTIM.notes, 'tetke', 'Batajnic', ...names];
  for (const text of texts) {
    expect(text).toContain(seed.caseCode);
    for (const word of forbidden) expect(text.toLowerCase()).not.toContain(word.toLowerCase());
  }

  // Logs carry ids and codes: no text, no phone number, no address of anyone.
  const lines = tb.logLines.slice(logged).join('\n');
  for (const word of [...forbidden, seed.ana.phone, seed.ben.phone, seed.ana.email, seed.ben.email, 'M2N4P6 za potvrdu', 'Reply OK']) {
    expect(lines).not.toContain(word);
  }
});

test('every trigger and every schedule rule has words in both languages (no bare codes reach people)', () => {
  const triggers = ['perpetrator.released', 'perpetrator.escaped', ...INCIDENT_TYPES.map((t) => `incident.${t.toLowerCase()}`)];
  const rules = ['base', ...Object.keys(DEFAULT_POLICY.windows)];
  for (const language of LANGUAGES) {
    const reader = { language, timeZone: 'Europe/Belgrade' };
    for (const trigger of triggers) {
      for (const kind of ['urgent', 'unacknowledged'] as const) {
        const notice = { kind, caseCode: 'BG-1', trigger, ackCode: 'A1B2C3' };
        expect(smsText(reader, notice)).not.toContain(trigger);
        expect(emailText(reader, notice).subject + emailText(reader, notice).text).not.toContain(trigger);
      }
    }
    for (const rule of rules) {
      for (const kind of ['reminder', 'escalation'] as const) {
        const text = smsText(reader, { kind, caseCode: 'BG-1', dueAt: '2027-03-05T14:00:00Z', rule });
        expect(text).not.toContain(`(${rule})`);
      }
    }
  }
});
