/**
 * Without SMTP and Twilio every message is recorded as NOT_SENT (the outbox) and logged as not
 * sent; escalation chains and quiet hours come out of the database as the alert and case
 * workflows need them.
 */
import type { EscalationPlan } from '../../activities/alert-plans';
import { findRecipients } from '../../activities/recipients';
import { failureOf, newIdentity, runActivity, startDeliveryTestbed, type DeliveryTestbed } from '../support/delivery';

let tb: DeliveryTestbed;
beforeAll(async () => {
  tb = await startDeliveryTestbed('outbox');
});
afterAll(() => tb?.close());

/** Contacts of one level are alerted together: their order carries no meaning. */
const levelsOf = (plan: EscalationPlan) => plan.levels.map((l) => ({ ...l, contactIds: [...l.contactIds].sort() }));

describe('the outbox, while no channel is configured', () => {
  it('records each message NOT_SENT, logs "not sent" without body or address, and never twice', async () => {
    const activities = tb.activities();
    const identity = newIdentity();
    const delivery = {
      alertId: 'case-outbox/alert/1',
      organisationId: tb.seed.organisationId,
      contactId: tb.seed.ana.id,
      kind: 'urgent' as const,
      caseCode: tb.seed.caseCode,
      trigger: 'incident.bribe_or_pressure',
      ackCode: 'Q4W8ZT',
    };
    const logged = tb.logLines.length;
    // One activity per channel, as the alert workflow sends; each run twice with its identity (a retry).
    for (const channel of ['sms', 'email'] as const) {
      const activity = { ...identity, activityId: channel === 'sms' ? '1' : '2' };
      const first = await runActivity(activity, activities.deliverToContact, { ...delivery, channel });
      const retried = await runActivity(activity, activities.deliverToContact, { ...delivery, channel });
      expect([first, retried]).toEqual([
        { status: 'NOT_SENT', providerMessageId: null },
        { status: 'NOT_SENT', providerMessageId: null },
      ]);
    }

    const rows = await tb.prisma.deliveryAttempt.findMany({ where: { alertId: 'case-outbox/alert/1' }, orderBy: { channel: 'asc' } });
    expect(rows.map((r) => [r.channel, r.status, r.address, r.providerMessageId])).toEqual([
      ['SMS', 'NOT_SENT', tb.seed.ana.phone, null],
      ['EMAIL', 'NOT_SENT', tb.seed.ana.email, null],
    ]);
    // 142 characters: with its diacritics (UCS-2) three SMS, so it goes without them in two.
    expect(rows[0].body).toBe(
      'Vigil HITNO: slucaj BG-2027-014: podmicivanje ili pritisak da se promeni iskaz. Odmah postupite po proceduri. Odgovorite OK Q4W8ZT za potvrdu.',
    );
    expect(rows[1].subject).toBe('Vigil HITNO: slučaj BG-2027-014: podmićivanje ili pritisak da se promeni iskaz');

    const lines = tb.logLines.slice(logged);
    expect(lines.filter((l) => l.includes('not sent')).length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).not.toContain('podmicivanje');
      expect(line).not.toContain(tb.seed.ana.phone);
      expect(line).not.toContain(tb.seed.ana.email);
    }
  });

  it('deliverToContact answers NOT_SENT with no provider message id', async () => {
    const result = await runActivity(newIdentity(), tb.activities().deliverToContact, {
      alertId: 'case-outbox/alert/2',
      organisationId: tb.seed.organisationId,
      contactId: tb.seed.ben.id,
      channel: 'sms',
      kind: 'unacknowledged',
      caseCode: tb.seed.caseCode,
      trigger: 'perpetrator.escaped',
      ackCode: 'Z9Z9Z9',
    });
    expect(result).toEqual({ status: 'NOT_SENT', providerMessageId: null });
  });

  it('a contact of another organisation, or an unknown id, is a permanent failure', async () => {
    const other = await tb.prisma.organisation.create({ data: { name: 'Other NGO' } });
    const foreign = await tb.prisma.contact.create({ data: { organisationId: other.id, displayName: 'Foreign', phone: '+381641119999' } });
    for (const contactId of [foreign.id, 'not-a-uuid']) {
      for (const channel of ['sms', 'email'] as const) {
        const failure = await failureOf(
          runActivity(newIdentity(), tb.activities().deliverToContact, {
            alertId: 'case-outbox/alert/3',
            organisationId: tb.seed.organisationId,
            contactId,
            channel,
            kind: 'urgent',
            caseCode: tb.seed.caseCode,
            trigger: 'perpetrator.released',
            ackCode: 'AAAAAA',
          }),
        );
        expect(failure).toMatchObject({
          type: 'PermanentDeliveryFailure',
          nonRetryable: true,
          details: [{ channel, recipientId: contactId, errorCode: 'UNKNOWN_RECIPIENT' }],
        });
      }
    }
    expect(await tb.prisma.deliveryAttempt.count({ where: { alertId: 'case-outbox/alert/3' } })).toBe(0);
  });
});

describe('loadEscalationChain', () => {
  let contacts: Record<'police' | 'lawyer' | 'duty' | 'director' | 'shelter' | 'foreign', string>;
  let chainCase: string;

  beforeAll(async () => {
    const { prisma, seed } = tb;
    const make = (displayName: string, organisationId = seed.organisationId) =>
      prisma.contact.create({ data: { organisationId, displayName, phone: '+381641112222' } }).then((c) => c.id);
    const other = await prisma.organisation.create({ data: { name: 'Elsewhere' } });
    contacts = {
      police: await make('Police liaison'),
      lawyer: await make('Lawyer'),
      duty: await make('Duty coordinator'),
      director: await make('Director'),
      shelter: await make('Shelter staff'),
      foreign: await make('Not ours', other.id),
    };
    await prisma.escalationChain.create({
      data: {
        organisationId: seed.organisationId,
        repeatCount: 3,
        levels: {
          create: [
            { position: 1, timeoutSeconds: 120, contacts: { create: [{ contactId: contacts.duty }, { contactId: contacts.foreign }] } },
            { position: 2, contacts: { create: [{ contactId: contacts.director }, { contactId: contacts.police }] } },
          ],
        },
      },
    });
    chainCase = (
      await prisma.case.create({
        data: {
          organisationId: seed.organisationId,
          caseCode: 'BG-2027-099',
          riskLevel: 'CRITICAL',
          caseworkerId: seed.caseworker.id,
          coordinatorId: seed.coordinator.id,
          workflowId: 'case-chain',
          identifiedAt: new Date('2027-03-01T09:00:00Z'),
          contacts: {
            create: [
              { contactId: contacts.police, role: 'POLICE_LIAISON', level: 1 },
              { contactId: contacts.duty, role: 'COORDINATOR', level: 2 },
              { contactId: contacts.lawyer, role: 'LAWYER', level: 2 },
              { contactId: contacts.shelter, role: 'SHELTER_STAFF', level: 3 },
            ],
          },
        },
      })
    ).id;
  });

  it("puts the case's designated contacts first, then the organisation's chain without repeating anyone", async () => {
    const plan = await tb.activities().loadEscalationChain(tb.seed.organisationId, chainCase);
    expect(levelsOf(plan)).toEqual([
      { contactIds: [contacts.police], timeoutMs: 300_000 },
      { contactIds: [contacts.duty, contacts.lawyer].sort(), timeoutMs: 300_000 },
      { contactIds: [contacts.shelter], timeoutMs: 300_000 },
      // Chain level 1 held only the duty coordinator (already alerted) and another organisation's contact.
      { contactIds: [contacts.director], timeoutMs: 300_000 },
    ]);
    expect(plan).toMatchObject({ repeats: 3, coordinatorIds: [contacts.duty] });
  });

  it("is the organisation's chain alone without a case, and the case's coordinator hears when it has no COORDINATOR contact", async () => {
    const chain = await tb.activities().loadEscalationChain(tb.seed.organisationId);
    expect(levelsOf(chain)).toEqual([
      { contactIds: [contacts.duty], timeoutMs: 120_000 },
      { contactIds: [contacts.director, contacts.police].sort(), timeoutMs: 300_000 },
    ]);
    expect(chain.coordinatorIds).toEqual([]);
    const seeded = await tb.activities().loadEscalationChain(tb.seed.organisationId, tb.seed.caseId);
    expect(seeded.coordinatorIds).toEqual([tb.seed.coordinator.id]);
  });

  it("a staff-only alert (hearing unprepared) reaches the case's caseworker and coordinator, not its designated contacts nor the chain", async () => {
    const plan = await tb.activities().loadEscalationChain(tb.seed.organisationId, chainCase, 'hearing.unprepared');
    expect(plan).toEqual({
      levels: [{ contactIds: [tb.seed.caseworker.id, tb.seed.coordinator.id], timeoutMs: 300_000 }],
      repeats: 3,
      coordinatorIds: [tb.seed.coordinator.id],
    });
    // Any other trigger of the same case walks its designated contacts as before.
    expect((await tb.activities().loadEscalationChain(tb.seed.organisationId, chainCase, 'incident.threat')).levels[0]).toEqual({
      contactIds: [contacts.police],
      timeoutMs: 300_000,
    });
  });

  it("an overdue reassessment's own escalation: the duty coordinator, then the active admins, each once, none of those already told", async () => {
    const { prisma, seed } = tb;
    const escalation = (told: string[]) => tb.activities().loadOrganisationEscalation(seed.organisationId, told);
    const admin = async (email: string, active = true) =>
      (await prisma.user.create({ data: { organisationId: seed.organisationId, email, displayName: 'Admin', role: 'ADMIN', active } })).id;
    const [first, second] = [await admin('first-admin@astra.test'), await admin('second-admin@astra.test')];
    await admin('gone-admin@astra.test', false);
    // No duty coordinator yet: the admins.
    expect(await escalation([seed.coordinator.id])).toEqual([first, second]);
    await prisma.organisation.update({ where: { id: seed.organisationId }, data: { dutyCoordinatorContactId: contacts.duty } });
    expect(await escalation([seed.coordinator.id])).toEqual([contacts.duty, first, second]);
    // The duty coordinator's card belongs to the first admin: told once, by the card.
    await prisma.contact.update({ where: { id: contacts.duty }, data: { userId: first } });
    expect(await escalation([seed.coordinator.id])).toEqual([contacts.duty, second]);
    // ... and not at all when that admin is the coordinator who was told already.
    expect(await escalation([first])).toEqual([second]);
    // Never a case's designated contacts or the chain's: the police liaison is on both.
    expect(await escalation([])).not.toContain(contacts.police);
    await prisma.contact.update({ where: { id: contacts.duty }, data: { userId: null } });
    await prisma.organisation.update({ where: { id: seed.organisationId }, data: { dutyCoordinatorContactId: null } });
    await prisma.user.updateMany({ where: { id: { in: [first, second] } }, data: { active: false } });
  });

  it('defaults to two repeats when the organisation has no chain', async () => {
    const lonely = await tb.prisma.organisation.create({ data: { name: 'No chain yet' } });
    expect(await tb.activities().loadEscalationChain(lonely.id)).toEqual({ levels: [], repeats: 2, coordinatorIds: [] });
  });
});

test('recipients carry the time zone and quiet hours of contacts, and the defaults for users without a card', async () => {
  await tb.prisma.contact.update({ where: { id: tb.seed.ben.id }, data: { quietHoursStart: 22 * 60, quietHoursEnd: 7 * 60 } });
  const found = await findRecipients(tb.prisma, tb.seed.organisationId, [tb.seed.ben.id, tb.seed.coordinator.id, 'unknown']);
  const hours = Object.fromEntries([...found].map(([id, recipient]) => [id, recipient.quietHours]));
  expect(hours).toEqual({
    [tb.seed.ben.id]: { timeZone: 'Europe/London', quietHoursStart: 1320, quietHoursEnd: 420 },
    [tb.seed.coordinator.id]: { timeZone: 'Europe/Belgrade', quietHoursStart: null, quietHoursEnd: null },
  });
});

test("recipients write SMS without diacritics by their card's choice, else the organisation's default", async () => {
  const { prisma, seed } = tb;
  const plain = async () =>
    Object.fromEntries(
      [...(await findRecipients(prisma, seed.organisationId, [seed.ana.id, seed.ben.id, seed.coordinator.id]))].map(([id, r]) => [
        id,
        r.smsWithoutDiacritics,
      ]),
    );
  await prisma.contact.update({ where: { id: seed.ben.id }, data: { smsWithoutDiacritics: false } });
  expect(await plain()).toEqual({ [seed.ana.id]: false, [seed.ben.id]: false, [seed.coordinator.id]: false });
  await prisma.organisation.update({ where: { id: seed.organisationId }, data: { smsWithoutDiacritics: true } });
  // Ana leaves it to the organisation, the coordinator has no card; Ben chose diacritics.
  expect(await plain()).toEqual({ [seed.ana.id]: true, [seed.ben.id]: false, [seed.coordinator.id]: true });
  await prisma.organisation.update({ where: { id: seed.organisationId }, data: { smsWithoutDiacritics: false } });
  await prisma.contact.update({ where: { id: seed.ben.id }, data: { smsWithoutDiacritics: null } });
});

test('the database refuses half-set or out-of-range quiet hours and a phone number not in E.164', async () => {
  const { prisma, seed } = tb;
  const contact = (data: object) => prisma.contact.create({ data: { organisationId: seed.organisationId, displayName: 'Check', ...data } });
  await expect(contact({ quietHoursStart: 1320 })).rejects.toThrow(/contacts_quiet_hours_check/);
  await expect(contact({ quietHoursStart: 1320, quietHoursEnd: 1440 })).rejects.toThrow(/contacts_quiet_hours_check/);
  await expect(contact({ phone: '0641234567' })).rejects.toThrow(/contacts_phone_e164_check/);
});
