/** Who hears about the organisation's due self-assessment, resolved when the notice goes out. */
import type { PrismaClient } from '../generated/prisma/client';
import type { SelfAssessmentAudience } from '../domain/self-assessment';

export function createSelfAssessmentActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Ids for notifyReassessmentDue: active users (coordinators and admins, or admins only), and
     * the duty coordinator's contact id when asked and it is still one of the organisation's.
     */
    async loadSelfAssessmentRecipients(organisationId: string, audience: SelfAssessmentAudience): Promise<string[]> {
      const roles = audience === 'coordinators' ? (['COORDINATOR', 'ADMIN'] as const) : (['ADMIN'] as const);
      const users = await prisma.user.findMany({
        where: { organisationId, active: true, role: { in: [...roles] } },
        orderBy: { createdAt: 'asc' },
        select: { id: true },
      });
      const ids = users.map((u) => u.id);
      if (audience !== 'admins-and-duty-coordinator') return ids;
      const organisation = await prisma.organisation.findUnique({
        where: { id: organisationId },
        select: { dutyCoordinatorContactId: true },
      });
      const dutyId = organisation?.dutyCoordinatorContactId;
      const duty = dutyId ? await prisma.contact.findFirst({ where: { id: dutyId, organisationId }, select: { id: true } }) : null;
      return duty ? [...ids, duty.id] : ids;
    },
  };
}
