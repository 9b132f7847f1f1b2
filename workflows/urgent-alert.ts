/**
 * An urgent alert walks the chain of designated contacts: level 1 at once, the next level
 * when nobody acknowledges within the timeout, the whole chain again up to the repeat count,
 * then "unacknowledged" and the coordinator is told. Acknowledgement stops it at once.
 */
import { condition, defineQuery, defineSignal, proxyLocalActivities, setHandler, uuid4 } from '@temporalio/workflow';
import type { createNotificationActivities } from '../activities/notifications';

export interface UrgentAlertInput {
  alertId: string;
  caseId: string;
  caseCode: string;
  organisationId: string;
  trigger: string;
  /** Levels of the chain, in order (one contact each until chains come from the database). */
  contactIds: string[];
  coordinatorId: string | null;
  levelTimeoutMs?: number;
  /** Times the whole chain is walked again after the first pass (the brief: "repeat the chain up to N times"). */
  repeats?: number;
}

export interface Acknowledgement {
  by: string;
  via: 'sms' | 'link' | 'api';
}

export interface AlertStatus {
  state: 'ALERTING' | 'ACKNOWLEDGED' | 'UNACKNOWLEDGED';
  ackCode: string;
  attempts: { contactId: string; round: number; at: string }[];
  acknowledgement: (Acknowledgement & { at: string }) | null;
}

export const acknowledgeAlertSignal = defineSignal<[Acknowledgement]>('acknowledge');
export const alertStatusQuery = defineQuery<AlertStatus>('status');

const DEFAULT_LEVEL_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_REPEATS = 2;

const notices = proxyLocalActivities<ReturnType<typeof createNotificationActivities>>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
});

export async function urgentAlertWorkflow(input: UrgentAlertInput): Promise<AlertStatus> {
  // uuid4 here is the SDK's deterministic one: replay gives the same code.
  const ackCode = uuid4().slice(0, 6).toUpperCase();
  const status: AlertStatus = { state: 'ALERTING', ackCode, attempts: [], acknowledgement: null };
  setHandler(acknowledgeAlertSignal, (ack) => {
    if (status.acknowledgement) return;
    status.acknowledgement = { ...ack, at: new Date(Date.now()).toISOString() };
    status.state = 'ACKNOWLEDGED';
  });
  setHandler(alertStatusQuery, () => status);

  const { alertId, caseCode, organisationId, trigger } = input;
  const timeout = input.levelTimeoutMs ?? DEFAULT_LEVEL_TIMEOUT_MS;
  const rounds = 1 + (input.repeats ?? DEFAULT_REPEATS);
  for (let round = 1; round <= rounds; round++) {
    for (const contactId of input.contactIds) {
      status.attempts.push({ contactId, round, at: new Date(Date.now()).toISOString() });
      await notices.deliverUrgentAlert({ alertId, caseCode, organisationId, trigger, ackCode, contactId, round });
      if (await condition(() => status.acknowledgement !== null, timeout)) return status;
    }
  }
  if (status.acknowledgement) return status;
  status.state = 'UNACKNOWLEDGED';
  if (input.coordinatorId) {
    await notices.deliverUrgentAlert({ alertId, caseCode, organisationId, trigger: `${trigger}.unacknowledged`, ackCode, contactId: input.coordinatorId, round: 0 });
  }
  return status;
}
