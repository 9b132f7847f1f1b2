/**
 * Who hears about a case on the real stack (dev server, database, worker sending through the
 * Twilio imitation and a real SMTP server): an overdue reassessment stays inside the
 * organisation (caseworker, coordinator, duty coordinator, admins), and so does a hearing the
 * victim was not prepared for; the case's external contacts (police, lawyer, shelter) and the
 * organisation's chain hear of neither. A coordinator who chose plain letters gets GSM-7 SMS.
 */
import type { ContactRole } from '../../generated/prisma/client';
import { loadConfig } from '../../platform/config';
import { openCase } from '../../services/cases';
import { isGsm7, smsSize } from '../../domain/sms-segments';
import { caseUpdates } from '../../workflows/case-messages';
import { eventually } from '../support/api-client';
import { startFakeTwilio, type FakeTwilio } from '../support/fake-twilio';
import { startTestSmtp, type TestSmtp } from '../support/smtp';
import { startStack, TEST_PUBLIC_URL, type Stack } from '../support/stack';

const HOUR = 3_600_000;
let stack: Stack;
let smtp: TestSmtp;
let twilio: FakeTwilio;

beforeAll(async () => {
  [smtp, twilio] = await Promise.all([startTestSmtp(), startFakeTwilio()]);
  const messaging = loadConfig({
    SMTP_URL: smtp.url,
    SMTP_FROM: 'vigil@astra.test',
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+381600000001',
    TWILIO_API_BASE_URL: twilio.url,
  }).messaging;
  stack = await startStack({ messaging, publicUrl: TEST_PUBLIC_URL });
});
afterAll(async () => {
  await stack?.stop();
  await twilio?.close();
  await smtp?.close();
});

let n = 0;
/**
 * An organisation with its staff on contact cards (the coordinator's in Serbian without
 * diacritics), a duty phone, and police, lawyer and shelter contacts who are the case's
 * designated contacts and the organisation's escalation chain.
 */
async function organisation() {
  const { prisma } = stack.database;
  const org = await prisma.organisation.create({ data: { name: `Routing ${++n}` } });
  const phone = (i: number) => `+38164${String(n).padStart(3, '0')}${String(i).padStart(4, '0')}`;
  const person = async (role: 'CASEWORKER' | 'COORDINATOR' | 'ADMIN', i: number, language = 'en', smsWithoutDiacritics?: boolean) => {
    const user = await prisma.user.create({
      data: { organisationId: org.id, email: `${role.toLowerCase()}-${n}@org.test`, displayName: role, role },
    });
    const card = await prisma.contact.create({
      data: {
        organisationId: org.id,
        userId: user.id,
        displayName: role,
        phone: phone(i),
        email: `${role.toLowerCase()}-card-${n}@org.test`,
        language,
        smsWithoutDiacritics,
      },
    });
    return { user, card };
  };
  const caseworker = await person('CASEWORKER', 1);
  const coordinator = await person('COORDINATOR', 2, 'sr-Latn', true);
  const admin = await person('ADMIN', 3, 'sr-Latn');
  const duty = await prisma.contact.create({
    data: { organisationId: org.id, displayName: 'Duty phone', phone: phone(4), language: 'sr-Latn' },
  });
  await prisma.organisation.update({ where: { id: org.id }, data: { dutyCoordinatorContactId: duty.id } });
  const external = async (displayName: string, i: number) =>
    prisma.contact.create({
      data: {
        organisationId: org.id,
        displayName,
        phone: phone(i),
        email: `${displayName.toLowerCase()}-${n}@partner.test`,
        language: 'en',
      },
    });
  const [police, lawyer, shelter] = [await external('Police', 5), await external('Lawyer', 6), await external('Shelter', 7)];
  await prisma.escalationChain.create({
    data: {
      organisationId: org.id,
      levels: {
        create: [
          { position: 1, contacts: { create: [{ contactId: police.id }] } },
          { position: 2, contacts: { create: [{ contactId: lawyer.id }, { contactId: shelter.id }] } },
        ],
      },
    },
  });
  return { org, caseworker, coordinator, admin, duty, police, lawyer, shelter };
}

type Org = Awaited<ReturnType<typeof organisation>>;

/** A case identified `hoursAgo` and never assessed, whose designated contacts are the police, lawyer and shelter. */
async function backdatedCase(o: Org, riskLevel: 'HIGH' | 'CRITICAL', hoursAgo: number) {
  const roles: Record<string, ContactRole> = { [o.police.id]: 'POLICE_LIAISON', [o.lawyer.id]: 'LAWYER', [o.shelter.id]: 'SHELTER_STAFF' };
  return openCase(
    { prisma: stack.database.prisma, temporal: stack.client, taskQueue: stack.taskQueue },
    {
      organisationId: o.org.id,
      caseCode: `RT-${n}`,
      riskLevel,
      caseworkerId: o.caseworker.user.id,
      coordinatorId: o.coordinator.user.id,
      identifiedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
      designatedContactIds: [o.police.id, o.lawyer.id, o.shelter.id],
      contactRoles: roles,
    },
  );
}

/** What the Twilio imitation and the SMTP server received for these numbers and addresses. */
const smsTo = (phone: string | null) => twilio.messages.filter((m) => m.to === phone).map((m) => m.body);
const mailTo = (email: string | null) => smtp.received.filter((m) => m.to.includes(email ?? '')).map((m) => m.subject);
const externals = (o: Org) => [o.police, o.lawyer, o.shelter];

test('a backdated CRITICAL case nobody assesses: reminder to the caseworker, overdue notices to the coordinator, duty coordinator and admins; no external contact hears of it', async () => {
  const o = await organisation();
  // CRITICAL new case: due 24 h after identification, escalated 2 h and 4 h later: all past.
  const row = await backdatedCase(o, 'CRITICAL', 48);
  const timeline = await eventually(
    () => stack.database.prisma.caseTimelineEntry.findMany({ where: { caseId: row.id }, orderBy: { at: 'asc' } }),
    (entries) => entries.some((e) => e.kind === 'escalation.chain'),
    60_000,
  );
  expect(timeline.map((e) => e.kind)).toEqual(['case.opened', 'reminder.caseworker', 'escalation.coordinator', 'escalation.chain']);
  const code = `RT-${n}`;
  // Sent: wait until the last notice's messages have left.
  await eventually(
    async () => smsTo(o.admin.card.phone).length + mailTo(o.admin.card.email).length,
    (count) => count === 2,
    30_000,
  );

  // The caseworker: the reminder by email (reminders go by SMS only without an email address).
  expect(mailTo(o.caseworker.card.email)).toEqual([expect.stringMatching(new RegExp(`^Vigil: reassessment of case ${code} due `))]);
  expect(smsTo(o.caseworker.card.phone)).toEqual([]);
  // The coordinator (CRITICAL escalates by SMS and email), twice: as coordinator, then with the organisation.
  expect(mailTo(o.coordinator.card.email)).toEqual([`Vigil: KASNI procena za slučaj ${code}`, `Vigil: KASNI procena za slučaj ${code}`]);
  const toCoordinator = smsTo(o.coordinator.card.phone);
  expect(toCoordinator).toHaveLength(2);
  for (const sms of toCoordinator) {
    expect(sms).toMatch(
      new RegExp(`^Vigil: KASNI ponovna procena bezbednosti za slucaj ${code}, rok .*\\(novi slucaj\\)\\. Proverite da bude uradjena\\.$`),
    );
    expect(smsSize(sms)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  }
  // The organisation's own escalation: the duty phone (SMS only) and the admin (SMS and email, with diacritics).
  expect(smsTo(o.duty.phone)).toEqual([expect.stringContaining(`Vigil: KASNI ponovna procena bezbednosti za slučaj ${code}`)]);
  expect(smsTo(o.admin.card.phone)).toEqual([expect.stringContaining(`za slučaj ${code}`)]);
  expect(mailTo(o.admin.card.email)).toEqual([`Vigil: KASNI procena za slučaj ${code}`]);
  // Nobody outside the organisation, though they are the case's contacts and the organisation's chain.
  for (const contact of externals(o)) {
    expect(smsTo(contact.phone)).toEqual([]);
    expect(mailTo(contact.email)).toEqual([]);
  }
  const rows = await stack.database.prisma.deliveryAttempt.findMany({ where: { caseId: row.id } });
  expect(rows.filter((r) => externals(o).some((c) => c.id === r.contactId))).toEqual([]);
  expect(toCoordinator.every(isGsm7)).toBe(true);
});

test('a hearing tomorrow without a reassessment alerts the caseworker and the coordinator, in words, with the procedure; not the lawyer', async () => {
  const o = await organisation();
  const row = await backdatedCase(o, 'HIGH', 30);
  const hearingAt = new Date(Date.now() + 12 * HOUR).toISOString();
  await stack.client.workflow.getHandle(row.workflowId).executeUpdate(caseUpdates.hearingScheduled, {
    args: [{ hearingId: 'K-1/2027', kind: 'MAIN', at: hearingAt }],
  });
  const alert = await eventually(
    () => stack.database.prisma.alert.findFirst({ where: { caseId: row.id } }),
    (a) => a !== null,
    30_000,
  );
  expect(alert).toMatchObject({ trigger: 'hearing.unprepared' });
  const code = `RT-${n}`;
  const [toCaseworker, toCoordinator] = await eventually(
    async () =>
      [smsTo(o.caseworker.card.phone), smsTo(o.coordinator.card.phone)].map((all) =>
        all.filter((b) => b.includes('URGENT') || b.includes('HITNO')),
      ),
    ([a, b]) => a.length > 0 && b.length > 0,
    30_000,
  );
  expect(toCaseworker[0]).toMatch(
    new RegExp(
      `^Vigil URGENT: case ${code}: hearing within 24 hours, no reassessment for it\\. Follow your response procedure now\\. Reply OK ${alert!.ackCode} to acknowledge\\. Procedure: https://`,
    ),
  );
  expect(toCoordinator[0]).toMatch(new RegExp(`^Vigil HITNO: slucaj ${code}: rociste u naredna 24 sata, nema procene za njega\\. `));
  for (const sms of [...toCaseworker, ...toCoordinator]) expect(sms).not.toContain('hearing.unprepared');
  const mail = await eventually(
    async () => smtp.received.find((m) => m.to.includes(o.caseworker.card.email!) && m.subject.startsWith('Vigil URGENT')),
    (m) => m !== undefined,
    30_000,
  );
  expect(mail!.text).toContain(`${TEST_PUBLIC_URL}/procedures/hearing-unprepared`);

  // Neither the lawyer nor anyone else outside the organisation, by either channel.
  const alertRows = await stack.database.prisma.deliveryAttempt.findMany({ where: { alertId: alert!.id } });
  expect(new Set(alertRows.map((r) => r.contactId))).toEqual(new Set([o.caseworker.card.id, o.coordinator.card.id]));
  for (const contact of externals(o)) {
    expect(smsTo(contact.phone)).toEqual([]);
    expect(mailTo(contact.email)).toEqual([]);
  }
});
