/**
 * An urgent alert walks its escalation chain: a case's designated contacts, or a field visit's
 * safety contacts (all at level 1), then the organisation's chain. Every contact of level 1 gets
 * an SMS and an email at once; without acknowledgement within the level's timeout, the next level; after the
 * last level the whole chain again, up to the repeat count; then the alert is unacknowledged and
 * the person in charge is told on every channel: the case's coordinator, or for a field visit
 * the organisation's coordinators (activities/alert-plans.ts loadVisitAlertPlan). Acknowledgement stops it at once. A level whose every
 * message failed (rejected by the provider, or reported undelivered) is left without waiting.
 * Then the alert stays open until it is resolved: a coordinator may still take it over, and each
 * acknowledgement, take-over and the resolution is told by SMS to every contact it paged.
 */
import {
  ActivityFailure,
  condition,
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { AlertUpdate, createAlertActivities } from '../activities/alerts';
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
  /** 'take-over': a coordinator or admin took an alert nobody had acknowledged. */
  via: 'sms' | 'link' | 'api' | 'take-over';
}

/** Ends the alert: paging stops, and every contact already paged is told who resolved it. */
export interface Resolution {
  /** A user id: who resolved it, or the staff member who checked in safe (via 'check-in'). */
  by: string;
  via: 'api' | 'check-in';
}

export interface DeliveryReport {
  contactId: string;
  channel: Channel;
  status: 'DELIVERED' | 'UNDELIVERED' | 'FAILED';
}

/** One message of the alert: level -1 is the "nobody acknowledged" notice to the person in charge. */
export interface AlertAttempt {
  contactId: string;
  channel: Channel;
  round: number;
  level: number;
  at: string;
  outcome: 'SENT' | 'FAILED' | 'PENDING';
}

export interface AlertStatus {
  state: 'ALERTING' | 'ACKNOWLEDGED' | 'UNACKNOWLEDGED' | 'RESOLVED';
  ackCode: string;
  /** Who the alert pages, once loaded; null before (and in alerts raised before it was kept). */
  plan?: EscalationPlan | null;
  attempts: AlertAttempt[];
  acknowledgement: (Acknowledgement & { at: string }) | null;
  resolution?: (Resolution & { at: string }) | null;
}

export const acknowledgeAlertSignal = defineSignal<[Acknowledgement]>('acknowledge');
export const resolveAlertSignal = defineSignal<[Resolution]>('resolve');
/** Sent by the API when the SMS provider reports a message's final status. */
export const deliveryReportSignal = defineSignal<[DeliveryReport]>('delivery.report');
export const alertStatusQuery = defineQuery<AlertStatus>('status');

const CHANNELS: Channel[] = ['sms', 'email'];
const PERMANENT: DeliveryFailureType = 'PermanentDeliveryFailure';
/**
 * Alerts raised from this code on stay open after their last message until someone resolves
 * them (take-over, resolution, and telling those paged); earlier histories ended there.
 */
const RESOLUTION_PATCH = 'alert-take-over-and-resolve';
/** How long an alert nobody resolves stays open for take-over and resolution. */
const KEPT_OPEN_MS = 30 * 24 * 3_600_000;

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

const now = () => new Date(Date.now()).toISOString();

/** The first acknowledgement stops the alert, as a resolution does; a failed delivery fails its attempt. */
function listen(status: AlertStatus, resolvable: boolean): void {
  setHandler(acknowledgeAlertSignal, (ack) => {
    if (status.acknowledgement || status.resolution) return;
    status.acknowledgement = { ...ack, at: now() };
    status.state = 'ACKNOWLEDGED';
  });
  setHandler(resolveAlertSignal, (resolution) => {
    // An alert raised before resolutions existed ends by itself: it takes none.
    if (!resolvable || status.resolution) return;
    status.resolution = { ...resolution, at: now() };
    status.state = 'RESOLVED';
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
  const resolvable = patched(RESOLUTION_PATCH);
  const status: AlertStatus = {
    state: 'ALERTING',
    ackCode,
    attempts: [],
    acknowledgement: null,
    ...(resolvable && { plan: null, resolution: null }),
  };
  listen(status, resolvable);

  const raisedAt = now();
  const record = () =>
    local
      .recordAlert({ alertId, organisationId, caseId, fieldVisitId, trigger, ackCode, raisedAt, ...snapshot(status) })
      .catch(logPermanentFailure('alert not mirrored in SQL'));
  // Inputs without a visit (every alert raised before visits existed) take the very same commands.
  const loadPlan = (
    fieldVisitId ? local.loadVisitAlertPlan(organisationId, fieldVisitId) : local.loadEscalationChain(organisationId, caseId, trigger)
  ).catch((error: unknown): EscalationPlan => {
    // Nobody to alert: the alert ends unacknowledged where coordinators see it (GET /alerts).
    logPermanentFailure('escalation plan not loaded')(error);
    return { levels: [], repeats: 0, coordinatorIds: [] };
  });
  const [plan] = await Promise.all([loadPlan, record()]);
  if (resolvable) status.plan = plan;
  const sending: Promise<void>[] = [];
  const about = fieldVisitId ? { about: 'visit' as const } : {};
  const send = (contactId: string, channel: Channel, kind: 'urgent' | 'unacknowledged', round: number, level: number) => {
    const attempt: AlertAttempt = { contactId, channel, round, level, at: now(), outcome: 'PENDING' };
    status.attempts.push(attempt);
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

  await walkChain(status, plan, send, resolvable ? record : undefined);
  if (!status.acknowledgement && !status.resolution) {
    status.state = 'UNACKNOWLEDGED';
    for (const contactId of plan.coordinatorIds) for (const channel of CHANNELS) send(contactId, channel, 'unacknowledged', 0, -1);
  }
  const recorded = status.state;
  await record();
  if (resolvable) {
    const tell = (kind: AlertUpdate['kind'], by: string) => {
      const recipientIds = [...new Set(status.attempts.map((a) => a.contactId))];
      const update = { alertId, organisationId, caseId, caseCode, kind, by, recipientIds, ...about };
      sending.push(chain.notifyAlertUpdate(update).catch(logPermanentFailure('alert update not sent')));
    };
    await keepOpen(status, Date.parse(raisedAt) + KEPT_OPEN_MS, tell, record);
  }
  await Promise.all(sending);
  // An acknowledgement that came in while the last messages went out is still kept (and the messages' outcomes).
  if (resolvable || status.state !== recorded) await record();
  return status;
}

/** What the SQL mirror keeps of the alert's state. */
function snapshot(status: AlertStatus) {
  const { state, acknowledgement, plan, attempts, resolution } = status;
  return { state, acknowledgement, ...(plan !== undefined && { plan, attempts, resolution }) };
}

/**
 * Every level in turn, the whole chain again up to the plan's repeats, until someone acknowledges
 * or resolves; `record` (alerts that keep their plan) mirrors each level's messages as it is paged.
 */
async function walkChain(
  status: AlertStatus,
  plan: EscalationPlan,
  send: (contactId: string, channel: Channel, kind: 'urgent', round: number, level: number) => void,
  record?: () => Promise<void>,
): Promise<void> {
  const stopped = () => status.acknowledgement !== null || !!status.resolution;
  for (let round = 0; round <= plan.repeats; round++) {
    for (const [index, level] of plan.levels.entries()) {
      for (const contactId of level.contactIds) for (const channel of CHANNELS) send(contactId, channel, 'urgent', round, index);
      if (record) await record();
      const ofLevel = status.attempts.filter((a) => a.round === round && a.level === index);
      await condition(() => stopped() || ofLevel.every((a) => a.outcome === 'FAILED'), level.timeoutMs);
      if (stopped()) return;
    }
  }
}

/**
 * After the last page: open for a take-over and for the resolution until `until`. Each
 * acknowledgement, and the resolution, is told to every contact paged, once, and mirrored.
 */
async function keepOpen(
  status: AlertStatus,
  until: number,
  tell: (kind: AlertUpdate['kind'], by: string) => void,
  record: () => Promise<void>,
): Promise<void> {
  let told: AlertStatus['acknowledgement'] = null;
  for (;;) {
    if (status.resolution) {
      tell(status.resolution.via === 'check-in' ? 'safe' : 'resolved', status.resolution.by);
      return record();
    }
    if (status.acknowledgement && status.acknowledgement !== told) {
      told = status.acknowledgement;
      tell('taken', told.by);
      await record();
    }
    const moved = await condition(() => !!status.resolution || status.acknowledgement !== told, Math.max(until - Date.now(), 1));
    if (!moved) return;
  }
}
