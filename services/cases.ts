/**
 * Opening a case: its row in SQL (the pseudonymous record coordinators list) and its workflow,
 * which keeps the schedule. Shared by the API, the benchmarks and the tests.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { ContactRole, PrismaClient } from '../generated/prisma/client';
import type { RiskLevel } from '../domain/case-facts';
import { caseLifecycleWorkflow } from '../workflows';
import { caseWorkflowId } from '../workflows/case-messages';
import { organisationPolicy } from './organisation-policy';
import { createWithWorkflow } from './workflow-start';

export interface NewCase {
  organisationId: string;
  caseCode: string;
  riskLevel: RiskLevel;
  caseworkerId: string;
  coordinatorId: string;
  identifiedAt: string;
  /** In chain order: the first is alerted first. */
  designatedContactIds: string[];
  /** What each designated contact is to the case (default OTHER). */
  contactRoles?: Partial<Record<string, ContactRole>>;
}

/** Starting the workflow twice is harmless: the second start finds the first. */
export async function openCase(deps: { prisma: PrismaClient; temporal: Client; taskQueue: string }, input: NewCase) {
  const { prisma, temporal, taskQueue } = deps;
  const id = randomUUID();
  const workflowId = caseWorkflowId(input.organisationId, id);
  return createWithWorkflow({
    create: () =>
      prisma.case.create({
        data: {
          id,
          workflowId,
          organisationId: input.organisationId,
          caseCode: input.caseCode,
          riskLevel: input.riskLevel,
          caseworkerId: input.caseworkerId,
          coordinatorId: input.coordinatorId,
          identifiedAt: new Date(input.identifiedAt),
          contacts: {
            create: input.designatedContactIds.map((contactId, i) => ({
              contactId,
              role: input.contactRoles?.[contactId] ?? 'OTHER',
              level: i + 1,
            })),
          },
        },
      }),
    start: async () => {
      // The organisation's policy in force; without overrides the workflow uses the default.
      const { version, policy } = await organisationPolicy(prisma, input.organisationId);
      await temporal.workflow.start(caseLifecycleWorkflow, {
        taskQueue,
        workflowId,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [
          {
            caseId: id,
            organisationId: input.organisationId,
            caseCode: input.caseCode,
            identifiedAt: input.identifiedAt,
            riskLevel: input.riskLevel,
            contacts: {
              caseworkerId: input.caseworkerId,
              coordinatorId: input.coordinatorId,
              designatedContactIds: input.designatedContactIds,
            },
            ...(version > 0 ? { policy } : {}),
          },
        ],
      });
    },
    undo: async () => {
      await prisma.caseContact.deleteMany({ where: { caseId: id } });
      await prisma.case.delete({ where: { id } });
    },
  });
}
