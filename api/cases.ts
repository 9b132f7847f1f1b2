/**
 * Opening a case: its row in SQL (the pseudonymous record coordinators list) and its workflow
 * (the schedule). Starting the workflow twice is harmless: the second start finds the first.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import type { RiskLevel } from '../domain/case-facts';
import { caseLifecycleWorkflow } from '../workflows';
import { caseWorkflowId } from '../workflows/case-messages';

export interface NewCase {
  organisationId: string;
  caseCode: string;
  riskLevel: RiskLevel;
  caseworkerId: string;
  coordinatorId: string;
  identifiedAt: string;
  designatedContactIds: string[];
}

export async function openCase(deps: { prisma: PrismaClient; temporal: Client; taskQueue: string }, input: NewCase) {
  const { prisma, temporal, taskQueue } = deps;
  const id = randomUUID();
  const workflowId = caseWorkflowId(id);
  const row = await prisma.case.create({
    data: {
      id,
      workflowId,
      organisationId: input.organisationId,
      caseCode: input.caseCode,
      riskLevel: input.riskLevel,
      caseworkerId: input.caseworkerId,
      coordinatorId: input.coordinatorId,
      identifiedAt: new Date(input.identifiedAt),
    },
  });
  try {
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
        },
      ],
    });
  } catch (error) {
    // A case without its workflow would keep no schedule: undo the row, let the caller retry.
    await prisma.case.delete({ where: { id } });
    throw error;
  }
  return row;
}
