/**
 * Provider safety in the delivery activities, on the embedded PostgreSQL: a HIGH or CRITICAL
 * provider risk puts the duty coordinator in the case's first alert level while it lasts; the
 * self-assessment's recipients and texts.
 */
import { createSelfAssessmentActivities } from '../../activities/self-assessment';
import type { RiskLevel } from '../../generated/prisma/client';
import { newIdentity, runActivity, startDeliveryTestbed, type DeliveryTestbed } from '../support/delivery';

let tb: DeliveryTestbed;
let duty: string;
let police: string;
beforeAll(async () => {
  tb = await startDeliveryTestbed('provider-safety');
  const { prisma, seed } = tb;
  duty = (await prisma.contact.create({ data: { organisationId: seed.organisationId, displayName: 'Duty', phone: '+381641119999' } })).id;
  police = (await prisma.contact.create({ data: { organisationId: seed.organisationId, displayName: 'Police', phone: '+381641118888' } }))
    .id;
  await prisma.organisation.update({ where: { id: seed.organisationId }, data: { dutyCoordinatorContactId: duty } });
});
afterAll(() => tb?.close());

let minutes = 0;
/** An assessment of the seed case, each a minute after the previous one. */
async function assess(providerRisk: RiskLevel | null) {
  const { prisma, seed } = tb;
  await prisma.assessment.create({
    data: {
      organisationId: seed.organisationId,
      caseId: seed.caseId,
      at: new Date(Date.UTC(2027, 2, 2, 10, ++minutes)),
      riskLevel: 'HIGH',
      providerRisk,
      providerRiskFactors: providerRisk ? ['STAFF_FOLLOWED'] : [],
      recordedById: seed.caseworker.id,
    },
  });
}

const firstLevel = async () =>
  (await tb.activities().loadEscalationChain(tb.seed.organisationId, tb.seed.caseId)).levels[0]?.contactIds ?? [];

describe('loadEscalationChain and provider risk', () => {
  it('adds the duty coordinator to the first level while the latest assessed provider risk is HIGH or CRITICAL', async () => {
    await tb.prisma.caseContact.create({ data: { caseId: tb.seed.caseId, contactId: police, role: 'POLICE_LIAISON', level: 1 } });
    // Never assessed: no duty coordinator.
    expect(await firstLevel()).toEqual([police]);
    await assess('MEDIUM');
    expect(await firstLevel()).toEqual([police]);
    await assess('HIGH');
    expect(await firstLevel()).toEqual([police, duty]);
    // An assessment that did not assess provider risk leaves it as it was.
    await assess(null);
    expect(await firstLevel()).toEqual([police, duty]);
    await assess('CRITICAL');
    expect(await firstLevel()).toEqual([police, duty]);
    // Lowered: the duty coordinator is no longer alerted.
    await assess('LOW');
    expect(await firstLevel()).toEqual([police]);
  });

  it('is the first level on its own when the case has no designated contacts, and never a contact of nobody', async () => {
    await tb.prisma.caseContact.deleteMany({ where: { caseId: tb.seed.caseId } });
    await assess('HIGH');
    const plan = await tb.activities().loadEscalationChain(tb.seed.organisationId, tb.seed.caseId);
    expect(plan.levels).toEqual([{ contactIds: [duty], timeoutMs: 300_000 }]);
    // A duty coordinator deleted from the contacts is not alerted (the setting is a plain id).
    await tb.prisma.organisation.update({
      where: { id: tb.seed.organisationId },
      data: { dutyCoordinatorContactId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(await firstLevel()).toEqual([]);
    await tb.prisma.organisation.update({ where: { id: tb.seed.organisationId }, data: { dutyCoordinatorContactId: duty } });
  });
});

describe('self-assessment notices', () => {
  it('go to the active coordinators and admins, escalations to the admins and then the duty coordinator', async () => {
    const { prisma, seed } = tb;
    const admin = await prisma.user.create({
      data: { organisationId: seed.organisationId, email: 'admin@astra.test', displayName: 'Admin', role: 'ADMIN' },
    });
    await prisma.user.create({
      data: { organisationId: seed.organisationId, email: 'gone@astra.test', displayName: 'Gone', role: 'ADMIN', active: false },
    });
    const { loadSelfAssessmentRecipients } = createSelfAssessmentActivities({ prisma });
    expect((await loadSelfAssessmentRecipients(seed.organisationId, 'coordinators')).sort()).toEqual(
      [seed.coordinator.id, admin.id].sort(),
    );
    expect(await loadSelfAssessmentRecipients(seed.organisationId, 'admins')).toEqual([admin.id]);
    expect(await loadSelfAssessmentRecipients(seed.organisationId, 'admins-and-duty-coordinator')).toEqual([admin.id, duty]);
  });

  it('are recorded without a case, in the self-assessment words of each language', async () => {
    const { prisma, seed } = tb;
    const identity = newIdentity('organisation');
    await runActivity(identity, tb.activities().notifyReassessmentDue, {
      organisationId: seed.organisationId,
      kind: 'escalation',
      dueAt: '2027-04-01T08:00:00Z',
      rule: null,
      riskLevel: 'LOW',
      recipients: [seed.coordinator.id, seed.ben.id],
      at: '2027-04-03T10:00:00Z',
    });
    const rows = await prisma.deliveryAttempt.findMany({
      where: { idempotencyKey: { startsWith: `${identity.workflowId}/` } },
      orderBy: { address: 'asc' },
    });
    expect(rows.map((r) => [r.caseId, r.kind, r.channel, r.status, r.subject])).toEqual([
      [null, 'ESCALATION', 'EMAIL', 'NOT_SENT', 'Vigil: OVERDUE organisation safety self-assessment'],
      [null, 'ESCALATION', 'EMAIL', 'NOT_SENT', 'Vigil: KASNI samoprocena bezbednosti organizacije'],
    ]);
    expect(rows[0].body).toBe(
      [
        "Your organisation's safety self-assessment is OVERDUE: it was due 1 Apr 2027, 09:00 BST.",
        '',
        'What to do: make sure the self-assessment is done and recorded in Vigil today.',
      ].join('\n'),
    );
    expect(rows[1].body).toContain('Samoprocena bezbednosti vaše organizacije KASNI: rok je bio 1. apr 2027.');
  });
});
