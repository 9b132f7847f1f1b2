/** Shapes the API answers with, shared by several routes (and named in the OpenAPI document). */
import { z } from 'zod';
import type { Case, CaseContact, User } from '../generated/prisma/client';
import { riskLevel, stage } from './schemas';

export const scheduleView = z
  .object({
    dueAt: z.string().nullable().describe('When the next reassessment is due; null when the case is closed'),
    rule: z.string().nullable().describe('The policy rule that sets the deadline (new-case, pre-hearing, release-daily, ...)'),
    riskLevel,
    remindAt: z.array(z.string()),
    escalateAt: z.array(z.object({ at: z.string(), to: z.enum(['coordinator', 'chain']) })),
  })
  .meta({ id: 'Schedule' });

export const designatedContactView = z.object({ contactId: z.string(), role: z.string(), level: z.number() });

export const caseView = z
  .object({
    id: z.string(),
    caseCode: z.string(),
    stage,
    riskLevel,
    caseworkerId: z.string(),
    coordinatorId: z.string(),
    identifiedAt: z.date(),
    closedAt: z.date().nullable(),
    nextDueAt: z.date().nullable(),
    overdue: z.boolean().describe('Open, and the next reassessment is past due'),
    createdAt: z.date(),
    erasedAt: z
      .date()
      .nullable()
      .describe('When its personal data was erased (retention or request): the case then keeps only statistics and takes no events'),
  })
  .meta({ id: 'Case' });

export function isOverdue(row: Pick<Case, 'closedAt' | 'nextDueAt'>, now = Date.now()): boolean {
  return row.closedAt === null && row.nextDueAt !== null && row.nextDueAt.getTime() < now;
}

export function presentCase(row: Case): z.infer<typeof caseView> {
  const { id, caseCode, stage: s, riskLevel: r, caseworkerId, coordinatorId, identifiedAt, closedAt, nextDueAt, createdAt, erasedAt } = row;
  return {
    id,
    caseCode,
    stage: s,
    riskLevel: r,
    caseworkerId,
    coordinatorId,
    identifiedAt,
    closedAt,
    nextDueAt,
    overdue: isOverdue(row),
    createdAt,
    erasedAt,
  };
}

export function presentDesignatedContacts(rows: CaseContact[]): z.infer<typeof designatedContactView>[] {
  return rows.sort((a, b) => a.level - b.level).map(({ contactId, role, level }) => ({ contactId, role, level }));
}

export const selfAssessmentScheduleView = z
  .object({
    dueAt: z.string().describe('When the next self-assessment is due'),
    riskLevel: riskLevel.nullable().describe("The organisation's level from the latest self-assessment; null before the first"),
    intervalDays: z.number(),
    lastAt: z.string().nullable(),
    remindAt: z.array(z.string()).describe('Reminders to the coordinators and admins'),
    escalateAt: z.array(z.object({ at: z.string(), to: z.enum(['admins', 'admins-and-duty-coordinator']) })),
  })
  .meta({ id: 'SelfAssessmentSchedule' });

export const userView = z.object({
  id: z.string(),
  organisationId: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['ADMIN', 'COORDINATOR', 'CASEWORKER', 'NATIONAL_OFFICE']),
  active: z.boolean(),
  createdAt: z.date(),
});

export function presentUser({ id, organisationId, email, displayName, role, active, createdAt }: User): z.infer<typeof userView> {
  return { id, organisationId, email, displayName, role, active, createdAt };
}
