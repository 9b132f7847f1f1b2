/**
 * An organisation's self-assessment workflow, started idempotently (an existing run is kept):
 * for every organisation by the API's hourly sweep, and with each update (update-with-start).
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { SelfAssessmentSchedule } from '../domain/self-assessment';
import type { PrismaClient } from '../generated/prisma/client';
import type { Logger } from '../platform/logger';
import { selfAssessmentScheduleQuery, selfAssessmentWorkflow, selfAssessmentWorkflowId } from '../workflows/self-assessment';

/** Starting, telling and asking an organisation's self-assessment workflow. */
export function selfAssessmentSchedules({
  prisma,
  temporal,
  taskQueue,
  log,
}: {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  log: Logger;
}) {
  /** How to start it if it is not running: from what the database holds now. */
  async function startOperation(organisationId: string) {
    const [organisation, latest] = await Promise.all([
      prisma.organisation.findUniqueOrThrow({ where: { id: organisationId }, select: { selfAssessmentIntervalDays: true } }),
      prisma.selfAssessment.findFirst({ where: { organisationId }, orderBy: { at: 'desc' }, select: { at: true, riskLevel: true } }),
    ]);
    return new WithStartWorkflowOperation(selfAssessmentWorkflow, {
      workflowId: selfAssessmentWorkflowId(organisationId),
      taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [
        {
          organisationId,
          intervalDays: organisation.selfAssessmentIntervalDays,
          last: latest && { at: latest.at.toISOString(), riskLevel: latest.riskLevel },
        },
      ],
    });
  }

  async function ensure(organisationId: string): Promise<void> {
    const { workflowTypeOrFunc, options } = await startOperation(organisationId);
    await temporal.workflow.start(workflowTypeOrFunc, options);
  }

  return {
    ensure,

    /** Sends an update, starting the workflow first when it is not running. */
    async tell<A>(organisationId: string, update: UpdateDefinition<SelfAssessmentSchedule, [A]>, args: A): Promise<SelfAssessmentSchedule> {
      return temporal.workflow.executeUpdateWithStart(update, {
        args: [args],
        startWorkflowOperation: await startOperation(organisationId),
      });
    },

    async schedule(organisationId: string): Promise<SelfAssessmentSchedule> {
      const handle = temporal.workflow.getHandle(selfAssessmentWorkflowId(organisationId));
      try {
        return await handle.query(selfAssessmentScheduleQuery);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        await ensure(organisationId);
        return handle.query(selfAssessmentScheduleQuery);
      }
    },

    /** Every organisation's workflow running; one that fails to start is logged and tried at the next sweep. */
    async ensureAll(): Promise<void> {
      for (const { id } of await prisma.organisation.findMany({ select: { id: true } })) {
        await ensure(id).catch((err: unknown) => log.warn({ err, organisationId: id }, 'self-assessment schedule not started'));
      }
    },
  };
}
