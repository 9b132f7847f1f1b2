/**
 * The Temporal Schedule that runs the retention job (workflows/retention.ts) every day at 02:30
 * UTC. Created when the worker or `npm start` starts; idempotent: a schedule that exists is left
 * as it is (pause or edit it in the Temporal UI, or delete it and restart a worker to recreate it).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { retentionWorkflow } from '../workflows';
import { RETENTION_SCHEDULE_ID } from '../workflows/retention';
import type { Logger } from '../platform/logger';

export async function ensureRetentionSchedule(client: Client, taskQueue: string, log: Logger): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: RETENTION_SCHEDULE_ID,
      spec: { calendars: [{ hour: 2, minute: 30, comment: 'daily, 02:30 UTC' }] },
      action: { type: 'startWorkflow', workflowType: retentionWorkflow, taskQueue, args: [] },
      // A run missed while the cluster was down is made up within a day; never two at once.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    log.info({ scheduleId: RETENTION_SCHEDULE_ID }, 'retention schedule created');
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  }
}
