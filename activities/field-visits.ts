/**
 * Field visits in SQL: the mirror of each fieldVisitWorkflow's state (the coordinators' "staff in
 * the field" view reads it), and who a visit's urgent alert reaches.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { VisitEnding, VisitState } from '../domain/field-visits';
import type { Logger } from '../platform/logger';
import { createNotificationActivities, DEFAULT_LEVEL_TIMEOUT_MS, type EscalationPlan } from './notifications';

export interface FieldVisitRecord {
  visitId: string;
  state: VisitState;
  expectedEndAt: string;
  endedBy: VisitEnding | null;
  endedAt: string | null;
}

export function createFieldVisitActivities(deps: { prisma: PrismaClient; log: Logger }) {
  const { prisma } = deps;
  const { loadEscalationChain } = createNotificationActivities(deps);
  return {
    /** Idempotent: writing the same state twice leaves the same row. The API created the row. */
    async recordFieldVisit(visit: FieldVisitRecord): Promise<void> {
      await prisma.fieldVisit.updateMany({
        where: { id: visit.visitId },
        data: {
          state: visit.state,
          expectedEndAt: new Date(visit.expectedEndAt),
          endedBy: visit.endedBy,
          endedAt: visit.endedAt ? new Date(visit.endedAt) : null,
        },
      });
    },

    /**
     * A visit's alert: its safety contacts together at level 1 (the default 5 minutes), then the
     * organisation's chain without them. "Nobody acknowledged" goes to the organisation's
     * coordinators (its admins when it has none): staff in danger is the organisation's matter,
     * not one case's. The visitor is left out everywhere: the phone may be in someone else's hand.
     */
    async loadVisitAlertPlan(organisationId: string, fieldVisitId: string): Promise<EscalationPlan> {
      const visit = await prisma.fieldVisit.findFirst({ where: { id: fieldVisitId, organisationId } });
      const chain = await loadEscalationChain(organisationId);
      if (!visit) return { ...chain, coordinatorIds: [] };
      const visitorCards = await cardsReaching(prisma, organisationId, visit.userId);
      const safety = await prisma.contact.findMany({
        where: { organisationId, id: { in: visit.safetyContactIds } },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      const first = safety.map((c) => c.id).filter((id) => !visitorCards.has(id));
      const levels = [{ contactIds: first, timeoutMs: DEFAULT_LEVEL_TIMEOUT_MS }, ...chain.levels]
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
    },
  };
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
