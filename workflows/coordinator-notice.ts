/**
 * A one-off notice to an organisation's coordinators, e.g. that SMS commands from a staff number
 * were refused because the number is on the cards of staff in more than one organisation.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CoordinatorNotice, createNotificationActivities } from '../activities/notifications';

const { notifyCoordinators } = proxyActivities<ReturnType<typeof createNotificationActivities>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
});

export async function coordinatorNoticeWorkflow(input: CoordinatorNotice): Promise<void> {
  await notifyCoordinators(input);
}
