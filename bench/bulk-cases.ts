/**
 * Many open cases at once, for the caseload and court-day benchmarks: their rows written in
 * batches, then their case workflows started by `concurrency` parallel callers, as fast as the
 * Temporal frontend takes them.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import { caseLifecycleWorkflow } from '../workflows';
import { caseWorkflowId } from '../workflows/case-messages';
import { say } from './statistics';

export interface BulkCases {
  organisationId: string;
  caseworkerId: string;
  coordinatorId: string;
  ids: string[];
  workflowIds: string[];
}

/** An organisation with a caseworker and a coordinator, and `count` HIGH cases' rows (not started). */
export async function writeCases(prisma: PrismaClient, count: number, name = 'Bench'): Promise<BulkCases> {
  const organisation = await prisma.organisation.create({ data: { name } });
  const [caseworker, coordinator] = await Promise.all(
    (['CASEWORKER', 'COORDINATOR'] as const).map((role) =>
      prisma.user.create({ data: { organisationId: organisation.id, email: `${role}@bench.test`, displayName: role, role } }),
    ),
  );
  const ids = Array.from({ length: count }, () => randomUUID());
  const identifiedAt = new Date();
  for (let i = 0; i < ids.length; i += 1000) {
    await prisma.case.createMany({
      data: ids.slice(i, i + 1000).map((id, j) => ({
        id,
        workflowId: caseWorkflowId(organisation.id, id),
        organisationId: organisation.id,
        caseCode: `B-${i + j}`,
        riskLevel: 'HIGH' as const,
        caseworkerId: caseworker.id,
        coordinatorId: coordinator.id,
        identifiedAt,
      })),
    });
  }
  const workflowIds = ids.map((id) => caseWorkflowId(organisation.id, id));
  return { organisationId: organisation.id, caseworkerId: caseworker.id, coordinatorId: coordinator.id, ids, workflowIds };
}

/**
 * Starts the cases' workflows (HIGH new cases: due in 24 h, first reminder in 12 h, so each waits
 * on a timer); resolves with how long the starts took (ms). `progress` is called every 2,000.
 */
export async function startCases(
  client: Client,
  taskQueue: string,
  cases: BulkCases,
  concurrency: number,
  progress: (started: number, ms: number) => string = (n, ms) => `started ${n} (${Math.round(ms / 1000)} s)`,
): Promise<number> {
  const started = Date.now();
  const identifiedAt = new Date().toISOString();
  let next = 0;
  const starter = async () => {
    while (next < cases.ids.length) {
      const i = next++;
      await client.workflow.start(caseLifecycleWorkflow, {
        taskQueue,
        workflowId: cases.workflowIds[i],
        args: [
          {
            caseId: cases.ids[i],
            organisationId: cases.organisationId,
            caseCode: `B-${i}`,
            identifiedAt,
            riskLevel: 'HIGH',
            contacts: { caseworkerId: cases.caseworkerId, coordinatorId: cases.coordinatorId, designatedContactIds: [] },
          },
        ],
      });
      if ((i + 1) % 2000 === 0) say(`  ${progress(i + 1, Date.now() - started)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, starter));
  return Date.now() - started;
}

/** Waits until every case has run its first task: its opening is in the SQL timeline. */
export async function untilOpened(prisma: PrismaClient, cases: BulkCases): Promise<void> {
  for (;;) {
    const opened = await prisma.caseTimelineEntry.count({ where: { kind: 'case.opened', case: { organisationId: cases.organisationId } } });
    if (opened >= cases.ids.length) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
