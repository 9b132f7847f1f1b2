/**
 * An urgent alert walks its escalation chain: a case's designated contacts, or a field visit's
 * safety contacts (all at level 1), then the organisation's chain. Every contact of level 1 gets
 * an SMS and an email at once; without acknowledgement within the level's timeout, the next level; after the
 * last level the whole chain again, up to the repeat count; then the alert is unacknowledged and
 * the person in charge is told on every channel: the case's coordinator, or for a field visit
 * the organisation's coordinators (activities/alert-plans.ts loadVisitAlertPlan). Acknowledgement stops it at once. A level whose every
 * message failed (rejected by the provider, or reported undelivered) is left without waiting.
 */
import {
  ActivityFailure,
  condition,
  defineQuery,
  defineSignal,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { createAlertActivities } from '../activities/alerts';
import type { createAlertPlanActivities, EscalationPlan } from '../activities/alert-plans';
import type { DeliveryFailureType } from '../activities/delivery';
import type { createNotificationActivities } from '../activities/notifications';
import type { Channel } from '../activities/recipients';
import { logPermanentFailure } from './permanent-failures';

export interface UrgentAlertInput {
  alertId: string;
  /** The case the alert is about; absent for a field visit's alert. */
  caseId?: string;
  /** The field visit the alert is about (then `caseCode` is the visit's code). */
  fieldVisitId?: string;
  /** Names what the alert is about in messages: a case code, or a visit code. */
  caseCode: string;
  organisationId: string;
  trigger: string;
}

export interface Acknowledgement {
  /** Who acknowledged: a contact id, a user id, or the phone number that replied. */
  by: string;
  via: 'sms' | 'link' | 'api';
}

export interface DeliveryReport {
  contactId: string;
  channel: Channel;
  status: 'DELIVERED' | 'UNDELIVERED' | 'FAILED';
}

export interface AlertStatus {
  state: 'ALERTING' | 'ACKNOWLEDGED' | 'UNACKNOWLEDGED';
  ackCode: string;
  attempts: { contactId: string; channel: Channel; round: number; level: number; at: string; outcome: 'SENT' | 'FAILED' | 'PENDING' }[];
  acknowledgement: (Acknowledgement & { at: string }) | null;
}

export const acknowledgeAlertSignal = defineSignal<[Acknowledgement]>('acknowledge');
/** Sent by the API when the SMS provider reports a message's final status. */
export const deliveryReportSignal = defineSignal<[DeliveryReport]>('delivery.report');
export const alertStatusQuery = defineQuery<AlertStatus>('status');

const CHANNELS: Channel[] = ['sms', 'email'];
const PERMANENT: DeliveryFailureType = 'PermanentDeliveryFailure';

type AlertActivities = ReturnType<typeof createNotificationActivities> &
  ReturnType<typeof createAlertActivities> &
  ReturnType<typeof createAlertPlanActivities>;
/** Messages: each one a task of its own, retried with backoff, visible in the UI. */
const chain = proxyActivities<AlertActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5, nonRetryableErrorTypes: [PERMANENT] },
});
/** Reading the chain and mirroring the alert: local, so the first SMS waits for no extra server round trip. */
const local = proxyLocalActivities<AlertActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s' },
});

/** The first acknowledgement stops the alert; a failed delivery fails its attempt. */
function listen(status: AlertStatus): void {
  setHandler(acknowledgeAlertSignal, (ack) => {
    if (status.acknowledgement) return;
    status.acknowledgement = { ...ack, at: new Date(Date.now()).toISOString() };
    status.state = 'ACKNOWLEDGED';
  });
  setHandler(deliveryReportSignal, ({ contactId, channel, status: reported }) => {
    if (reported === 'DELIVERED') return;
    for (const attempt of status.attempts) if (attempt.contactId === contactId && attempt.channel === channel) attempt.outcome = 'FAILED';
  });
  setHandler(alertStatusQuery, () => status);
}

export async function urgentAlertWorkflow(input: UrgentAlertInput): Promise<AlertStatus> {
  const { alertId, caseId, fieldVisitId, caseCode, organisationId, trigger } = input;
  // uuid4 here is the SDK's deterministic one: replay gives the same code.
  const ackCode = uuid4().slice(0, 6).toUpperCase();
  const status: AlertStatus = { state: 'ALERTING', ackCode, attempts: [], acknowledgement: null };
  const now = () => new Date(Date.now()).toISOString();
  listen(status);

  const raisedAt = now();
  const record = () =>
    local
      .recordAlert({
        alertId,
        organisationId,
        caseId,
        fieldVisitId,
        trigger,
        ackCode,
        raisedAt,
        state: status.state,
        acknowledgement: status.acknowledgement,
      })
      .catch(logPermanentFailure('alert not mirrored in SQL'));
  // Inputs without a visit (every alert raised before visits existed) take the very same commands.
  const loadPlan = (
    fieldVisitId ? local.loadVisitAlertPlan(organisationId, fieldVisitId) : local.loadEscalationChain(organisationId, caseId)
  ).catch((error: unknown): EscalationPlan => {
    // Nobody to alert: the alert ends unacknowledged where coordinators see it (GET /alerts).
    logPermanentFailure('escalation plan not loaded')(error);
    return { levels: [], repeats: 0, coordinatorIds: [] };
  });
  const [plan] = await Promise.all([loadPlan, record()]);
  const sending: Promise<void>[] = [];
  const send = (contactId: string, channel: Channel, kind: 'urgent' | 'unacknowledged', round: number, level: number) => {
    const attempt: AlertStatus['attempts'][number] = { contactId, channel, round, level, at: now(), outcome: 'PENDING' };
    status.attempts.push(attempt);
    const about = fieldVisitId ? { about: 'visit' as const } : {};
    const delivery = chain
      .deliverToContact({ alertId, organisationId, caseId, contactId, channel, kind, caseCode, trigger, ackCode, ...about })
      .then(
        () => {
          if (attempt.outcome === 'PENDING') attempt.outcome = 'SENT';
        },
        (error: unknown) => {
          if (!(error instanceof ActivityFailure)) throw error;
          // A permanent refusal, or every retry spent: this channel cannot reach the contact.
          attempt.outcome = 'FAILED';
        },
      );
    sending.push(delivery);
  };

  rounds: for (let round = 0; round <= plan.repeats; round++) {
    for (const [index, level] of plan.levels.entries()) {
      for (const contactId of level.contactIds) for (const channel of CHANNELS) send(contactId, channel, 'urgent', round, index);
      const ofLevel = status.attempts.filter((a) => a.round === round && a.level === index);
      await condition(() => status.acknowledgement !== null || ofLevel.every((a) => a.outcome === 'FAILED'), level.timeoutMs);
      if (status.acknowledgement) break rounds;
    }
  }
  if (!status.acknowledgement) {
    status.state = 'UNACKNOWLEDGED';
    for (const contactId of plan.coordinatorIds) for (const channel of CHANNELS) send(contactId, channel, 'unacknowledged', 0, -1);
  }
  const recorded = status.state;
  await record();
  await Promise.all(sending);
  // An acknowledgement that came in while the last messages went out is still kept.
  if (status.state !== recorded) await record();
  return status;
}
