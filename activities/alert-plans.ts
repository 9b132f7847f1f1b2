/**
 * Who an urgent alert reaches, in order: the alert plans of cases and of field visits. The
 * alert workflow walks the plan (workflows/urgent-alert.ts); delivery is notifications.ts.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { DEFAULT_CHAIN_REPEATS, DEFAULT_LEVEL_TIMEOUT_SECONDS } from '../domain/defaults';
import { UUID } from './recipients';

/** Who is alerted, in order (loadEscalationChain, loadVisitAlertPlan). */
export interface EscalationPlan {
  /** Contacts of one level are alerted together; the next level after `timeoutMs` without acknowledgement. */
  levels: { contactIds: string[]; timeoutMs: number }[];
  /** Times the whole chain is walked again after the first pass. */
  repeats: number;
  /** Told when nobody acknowledges: the case's COORDINATOR contacts, else its coordinator (a user id). */
  coordinatorIds: string[];
}

/** How long a level of designated (or safety) contacts waits for an acknowledgement. */
const LEVEL_TIMEOUT_MS = DEFAULT_LEVEL_TIMEOUT_SECONDS * 1000;

/**
 * Alerts about the organisation's own work on a case, not about danger outside it: they go to the
 * case's caseworker and coordinator, never to its external contacts (police, lawyer, shelter).
 */
export const STAFF_ONLY_TRIGGERS: readonly string[] = ['hearing.unprepared'];

export function createAlertPlanActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    loadEscalationChain: (organisationId: string, caseId?: string, trigger?: string) =>
      trigger && STAFF_ONLY_TRIGGERS.includes(trigger) && caseId
        ? loadCaseStaffPlan(prisma, organisationId, caseId)
        : loadEscalationChain(prisma, organisationId, caseId),
    loadVisitAlertPlan: (organisationId: string, fieldVisitId: string) => loadVisitAlertPlan(prisma, organisationId, fieldVisitId),
    loadOrganisationEscalation: (organisationId: string, alreadyTold: string[]) =>
      loadOrganisationEscalation(prisma, organisationId, alreadyTold),
  };
}

/**
 * A staff-only alert: the caseworker and the coordinator together (user ids: their contact card,
 * else their login email), the chain's repeats, then "nobody acknowledged" to the coordinator.
 */
async function loadCaseStaffPlan(prisma: PrismaClient, organisationId: string, caseId: string): Promise<EscalationPlan> {
  const staff = UUID.test(caseId)
    ? await prisma.case.findFirst({ where: { id: caseId, organisationId }, select: { caseworkerId: true, coordinatorId: true } })
    : null;
  const chain = await prisma.escalationChain.findUnique({ where: { organisationId }, select: { repeatCount: true } });
  if (!staff) return { levels: [], repeats: 0, coordinatorIds: [] };
  return {
    levels: [{ contactIds: [...new Set([staff.caseworkerId, staff.coordinatorId])], timeoutMs: LEVEL_TIMEOUT_MS }],
    repeats: chain?.repeatCount ?? DEFAULT_CHAIN_REPEATS,
    coordinatorIds: [staff.coordinatorId],
  };
}

/**
 * The organisation's own escalation of an overdue reassessment, after its coordinator: the duty
 * coordinator, then the active admins; each person once, and none of `alreadyTold` (user or
 * contact ids). Never a case's external contacts: an overdue reassessment is the organisation's
 * matter, and the police or a shelter must not learn of its cases from reminders.
 */
async function loadOrganisationEscalation(prisma: PrismaClient, organisationId: string, alreadyTold: string[]): Promise<string[]> {
  const organisation = await prisma.organisation.findUnique({ where: { id: organisationId }, select: { dutyCoordinatorContactId: true } });
  const dutyId = organisation?.dutyCoordinatorContactId;
  const duty = dutyId
    ? await prisma.contact.findFirst({ where: { id: dutyId, organisationId }, select: { id: true, userId: true } })
    : null;
  const admins = await prisma.user.findMany({
    where: { organisationId, role: 'ADMIN', active: true },
    orderBy: { createdAt: 'asc' },
    select: { id: true },
  });
  const told = new Set(alreadyTold);
  const ids: string[] = [];
  // A person is told once: a duty coordinator's card of an admin (or of the coordinator) stands for them.
  if (duty && !told.has(duty.id) && !(duty.userId && told.has(duty.userId))) {
    ids.push(duty.id);
    if (duty.userId) told.add(duty.userId);
  }
  for (const admin of admins) if (!told.has(admin.id)) ids.push(admin.id);
  return ids;
}

/**
 * The case's designated contacts (by their level), then the organisation's chain without the
 * contacts already in it. Designated levels wait the default level timeout. While the case's
 * latest assessment of provider risk is HIGH or CRITICAL, the organisation's duty coordinator
 * is alerted with the first level (staff are in danger too).
 */
async function loadEscalationChain(prisma: PrismaClient, organisationId: string, caseId?: string): Promise<EscalationPlan> {
  const chain = await prisma.escalationChain.findUnique({
    where: { organisationId },
    include: {
      levels: {
        orderBy: { position: 'asc' },
        include: { contacts: { orderBy: { contactId: 'asc' }, include: { contact: { select: { organisationId: true } } } } },
      },
    },
  });
  const designated =
    caseId && UUID.test(caseId)
      ? await prisma.case.findFirst({
          where: { id: caseId, organisationId },
          select: {
            coordinatorId: true,
            contacts: { where: { contact: { organisationId } }, orderBy: [{ level: 'asc' }, { contactId: 'asc' }] },
            // An assessment that left provider risk out does not end it: the latest one that assessed it counts.
            assessments: {
              where: { providerRisk: { not: null } },
              orderBy: [{ at: 'desc' }, { createdAt: 'desc' }],
              take: 1,
              select: { providerRisk: true },
            },
            organisation: { select: { dutyCoordinatorContactId: true } },
          },
        })
      : null;
  const providerRisk = designated?.assessments[0]?.providerRisk;
  const dutyId = designated?.organisation.dutyCoordinatorContactId;
  const duty =
    dutyId && (providerRisk === 'HIGH' || providerRisk === 'CRITICAL')
      ? await prisma.contact.findFirst({ where: { id: dutyId, organisationId }, select: { id: true } })
      : null;

  const levels: EscalationPlan['levels'] = [];
  const alerted = new Set<string>();
  const addLevel = (contactIds: string[], timeoutMs: number) => {
    const fresh = contactIds.filter((id) => !alerted.has(id));
    fresh.forEach((id) => alerted.add(id));
    if (fresh.length) levels.push({ contactIds: fresh, timeoutMs });
  };
  const byLevel = new Map<number, string[]>();
  for (const c of designated?.contacts ?? []) byLevel.set(c.level, [...(byLevel.get(c.level) ?? []), c.contactId]);
  const designatedLevels = [...byLevel.values()];
  if (duty) designatedLevels.length ? designatedLevels[0].push(duty.id) : designatedLevels.push([duty.id]);
  for (const ids of designatedLevels) addLevel(ids, LEVEL_TIMEOUT_MS);
  for (const level of chain?.levels ?? []) {
    const ids = level.contacts.filter((c) => c.contact.organisationId === organisationId).map((c) => c.contactId);
    addLevel(ids, level.timeoutSeconds * 1000);
  }

  const coordinators = (designated?.contacts ?? []).filter((c) => c.role === 'COORDINATOR').map((c) => c.contactId);
  return {
    levels,
    repeats: chain?.repeatCount ?? DEFAULT_CHAIN_REPEATS,
    coordinatorIds: coordinators.length ? coordinators : designated ? [designated.coordinatorId] : [],
  };
}

/**
 * A visit's alert: its safety contacts together at level 1 (the default level timeout), then the
 * organisation's chain without them. "Nobody acknowledged" goes to the organisation's
 * coordinators (its admins when it has none): staff in danger is the organisation's matter,
 * not one case's. The visitor is left out everywhere: the phone may be in someone else's hand.
 */
async function loadVisitAlertPlan(prisma: PrismaClient, organisationId: string, fieldVisitId: string): Promise<EscalationPlan> {
  const visit = await prisma.fieldVisit.findFirst({ where: { id: fieldVisitId, organisationId } });
  const chain = await loadEscalationChain(prisma, organisationId);
  if (!visit) return { ...chain, coordinatorIds: [] };
  const visitorCards = await cardsReaching(prisma, organisationId, visit.userId);
  const safety = await prisma.contact.findMany({
    where: { organisationId, id: { in: visit.safetyContactIds } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const first = safety.map((c) => c.id).filter((id) => !visitorCards.has(id));
  const levels = [{ contactIds: first, timeoutMs: LEVEL_TIMEOUT_MS }, ...chain.levels]
    .map((level, i) => ({
      ...level,
      contactIds: level.contactIds.filter((id) => !visitorCards.has(id) && (i === 0 || !first.includes(id))),
    }))
    .filter((level) => level.contactIds.length > 0);

  const inCharge = async (role: 'COORDINATOR' | 'ADMIN') =>
    (
      await prisma.user.findMany({
        where: { organisationId, role, active: true, id: { not: visit.userId } },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
      })
    ).map((u) => u.id);
  const coordinators = await inCharge('COORDINATOR');
  return { levels, repeats: chain.repeats, coordinatorIds: coordinators.length ? coordinators : await inCharge('ADMIN') };
}

/**
 * The visitor's own contact cards, and every other card that reaches their phone or mailbox (a
 * duty coordinator's card with their number): the alert of their duress must never reach them.
 */
async function cardsReaching(prisma: PrismaClient, organisationId: string, userId: string): Promise<Set<string>> {
  const visitor = await prisma.user.findUnique({
    where: { id: userId },
    select: { email: true, contacts: { select: { phone: true, email: true } } },
  });
  const phones = (visitor?.contacts ?? []).flatMap((c) => (c.phone ? [c.phone] : []));
  const emails = [visitor?.email, ...(visitor?.contacts ?? []).map((c) => c.email)].filter((e): e is string => !!e);
  const cards = await prisma.contact.findMany({
    where: { organisationId, OR: [{ userId }, { phone: { in: phones } }, { email: { in: emails } }] },
    select: { id: true },
  });
  return new Set(cards.map((c) => c.id));
}
