/**
 * One workflow per field visit. It keeps one deadline, the expected end plus the grace period,
 * moved by extensions; reminds the visitor before the expected end; ends on a "safe" check-in;
 * and raises an urgent alert to the visit's safety contacts when the deadline passes without a
 * check-in (exactly at end + grace), at once on panic, and silently on a duress check-in, which
 * answers the caller exactly as a normal check-in does. After a missed deadline it still takes
 * a check-in for LATE_CHECK_IN_HOURS: the right PIN ends the visit safe and resolves the
 * missed-check-in alert (everyone paged is told); the duress PIN reads the same and raises the
 * duress alarm, the missed-check-in alert going on.
 *
 * The input carries ids, codes and times only: where, with whom and why stay encrypted in SQL.
 */
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  log,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { createFieldVisitActivities } from '../activities/field-visits';
import type { createNotificationActivities } from '../activities/notifications';
import {
  checkInDeadline,
  extendedEnd,
  lateCheckInCloses,
  reminderAt,
  requireActive,
  type VisitEnding,
  type VisitState,
} from '../domain/field-visits';
import { organisationWorkflowId } from '../domain/workflow-ids';
import { logPermanentFailure } from './permanent-failures';
import { resolveAlertSignal, urgentAlertWorkflow } from './urgent-alert';

export interface FieldVisitInput {
  visitId: string;
  organisationId: string;
  /** The visitor (a user id): reminded before the end, never alerted about their own visit. */
  userId: string;
  /** Names the visit in messages (V-XXXXXX). */
  visitCode: string;
  startedAt: string;
  expectedEndAt: string;
  graceMinutes: number;
}

/**
 * What the visitor's own actions answer. The same for a check-in and a duress check-in: it has
 * no field that could tell them apart.
 */
export interface VisitorAnswer {
  state: VisitState;
  expectedEndAt: string;
  endedAt: string | null;
}

/** The whole state, for coordinators and tests (never shown to the visitor as it is). */
export interface FieldVisitStatus extends VisitorAnswer {
  visitId: string;
  endedBy: VisitEnding | null;
  /** Workflow id of the alert the visit raised, if any. */
  alertId: string | null;
}

export interface CheckIn {
  /** Set by the API when the duress PIN was given: the visitor sees a normal check-in. */
  duress: boolean;
}

export const fieldVisitWorkflowId = (organisationId: string, visitId: string): string =>
  organisationWorkflowId(organisationId, `visit-${visitId}`);

export const fieldVisitUpdates = {
  checkIn: defineUpdate<VisitorAnswer, [CheckIn]>('visit.check-in'),
  extend: defineUpdate<VisitorAnswer, [{ minutes: number }]>('visit.extend'),
  panic: defineUpdate<VisitorAnswer, []>('visit.panic'),
};
export const fieldVisitStatusQuery = defineQuery<FieldVisitStatus>('status');

/**
 * An alarm the API raises while the visit goes on: `pin-attempts` after a burst of wrong PINs
 * (the phone may be in someone else's hands), `duress` for the duress PIN given during the PIN
 * lock-out, which must alert without ending the visit (services/visit-pins.ts). Each is raised once.
 */
export type VisitAlarm = 'pin-attempts' | 'duress';
export const visitAlarmSignal = defineSignal<[{ alarm: VisitAlarm }]>('visit.alarm');
const ALARM_PATCH = 'visit-alarm-signal';
/** Histories from before it end at the missed deadline; since, the workflow waits for a late check-in. */
const LATE_CHECK_IN_PATCH = 'visit-late-check-in';

const ALERT_TRIGGERS: Record<Exclude<VisitEnding, 'check-in'> | VisitAlarm, string> = {
  missed: 'visit.missed-check-in',
  panic: 'visit.panic',
  duress: 'visit.duress',
  'pin-attempts': 'visit.pin-attempts',
};

type VisitActivities = ReturnType<typeof createFieldVisitActivities> & ReturnType<typeof createNotificationActivities>;
// Local: each costs one history event and no extra server round trip. Neither is ever awaited
// before the deadline: a database or SMS provider that is down must not delay an alert.
const local = proxyLocalActivities<VisitActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});
/** A reminder late by more than a few minutes is no reminder: it gives up. */
const reminders = proxyLocalActivities<VisitActivities>({
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '5m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** The visit as the workflow knows it: the handlers change it, the main loop acts on it. */
class FieldVisit {
  expectedEnd: number;
  remindAt: number | null;
  readonly status: FieldVisitStatus;
  /** Set by a handler; the main loop clears it. */
  changed = false;
  /** Alarms signalled (or a panic after the deadline) and not raised yet. */
  readonly pendingAlarms = new Set<VisitAlarm | 'panic'>();
  /** Set while a visit past its deadline still takes a check-in (takeLateCheckIn). */
  lateCheckInOpen = false;
  /** Alert reasons already raised: each is raised once. */
  private readonly raised = new Set<string>();
  private mirrored: Promise<void> = Promise.resolve();
  private reminded: Promise<unknown> = Promise.resolve();

  constructor(private readonly input: FieldVisitInput) {
    this.expectedEnd = Date.parse(input.expectedEndAt);
    this.remindAt = reminderAt(this.expectedEnd, Date.parse(input.startedAt));
    this.status = {
      visitId: input.visitId,
      state: 'ACTIVE',
      expectedEndAt: input.expectedEndAt,
      endedAt: null,
      endedBy: null,
      alertId: null,
    };
  }

  answer(): VisitorAnswer {
    const { state, expectedEndAt, endedAt } = this.status;
    return { state, expectedEndAt, endedAt };
  }

  end(state: VisitState, endedBy: VisitEnding): VisitorAnswer {
    Object.assign(this.status, { state, endedBy, endedAt: new Date(Date.now()).toISOString() });
    this.changed = true;
    return this.answer();
  }

  /** On time or late, with either PIN: the visitor reads the very same answer. */
  checkIn(duress: boolean): VisitorAnswer {
    return this.end('ENDED', duress ? 'duress' : 'check-in');
  }

  /** A check-in and a panic are taken while active, and after a missed deadline until the late window closes. */
  requireStillTaken(): void {
    if (!(this.lateCheckInOpen && this.status.state === 'MISSED')) requireActive(this.status.state);
  }

  /** Ends an active visit; after a missed deadline the visit stays missed and the panic alert joins that one. */
  panic(): VisitorAnswer {
    if (this.status.state !== 'MISSED') return this.end('PANIC', 'panic');
    this.pendingAlarms.add('panic');
    return this.answer();
  }

  extend(minutes: number): VisitorAnswer {
    this.expectedEnd = extendedEnd(this.expectedEnd, minutes, Date.now());
    this.status.expectedEndAt = new Date(this.expectedEnd).toISOString();
    this.remindAt = reminderAt(this.expectedEnd, Date.now());
    this.changed = true;
    return this.answer();
  }

  signalled(alarm: VisitAlarm): void {
    if (!this.raised.has(alarm)) this.pendingAlarms.add(alarm);
  }

  /** Writes go one after another, each with the state of its moment, so SQL ends with the latest. */
  mirror(): void {
    const { visitId, state, expectedEndAt, endedBy, endedAt } = this.status;
    const row = { visitId, state, expectedEndAt, endedBy, endedAt };
    this.mirrored = this.mirrored.then(() => local.recordFieldVisit(row).catch(logPermanentFailure('visit state not mirrored in SQL')));
  }

  remindIfDue(): void {
    if (this.remindAt === null || Date.now() < this.remindAt) return;
    this.remindAt = null;
    const { organisationId, userId, visitCode } = this.input;
    this.reminded = reminders
      .remindVisitor({ organisationId, userId, visitCode, expectedEndAt: this.status.expectedEndAt })
      // Recorded in delivery_attempts either way; a failed reminder must not fail the visit.
      .catch(() => undefined);
  }

  /** Starts the visit's alert for `reason`, once; it outlives the visit's workflow. */
  async raiseAlert(reason: keyof typeof ALERT_TRIGGERS): Promise<void> {
    const { organisationId, visitId, visitCode } = this.input;
    const alertId = alertIdOf(reason);
    this.status.alertId = alertId;
    if (this.raised.has(reason)) return;
    this.raised.add(reason);
    await startChild(urgentAlertWorkflow, {
      workflowId: alertId,
      args: [{ alertId, organisationId, fieldVisitId: visitId, caseCode: visitCode, trigger: ALERT_TRIGGERS[reason] }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }

  /** Only a signal leads here, which histories from before it never hold; patched() marks it all the same. */
  async raiseAlarms(): Promise<void> {
    if (this.pendingAlarms.size === 0 || !patched(ALARM_PATCH)) return;
    for (const alarm of [...this.pendingAlarms]) {
      this.pendingAlarms.delete(alarm);
      await this.raiseAlert(alarm);
    }
  }

  /**
   * After the missed-check-in alert, until the late window closes: the check-in PIN ends the visit
   * and resolves that alert (its contacts are told); the duress PIN, answered the same, raises the
   * duress alert and leaves the missed-check-in alert going. Alarms signalled meanwhile are raised.
   */
  async takeLateCheckIn(): Promise<void> {
    const closes = lateCheckInCloses(Date.parse(this.status.endedAt!));
    while (this.status.state === 'MISSED' && Date.now() < closes) {
      await condition(() => this.status.state !== 'MISSED' || this.pendingAlarms.size > 0, closes - Date.now());
      await this.raiseAlarms();
    }
    this.lateCheckInOpen = false;
    if (this.status.state === 'MISSED') return;
    this.mirror();
    if (this.status.endedBy === 'duress') return this.raiseAlert('duress');
    await getExternalWorkflowHandle(alertIdOf('missed'))
      .signal(resolveAlertSignal, { by: this.input.userId, via: 'check-in' })
      // An alert closed meanwhile has nobody left to tell; the visit still ends safe.
      .catch((error: unknown) => log.warn('missed-check-in alert not resolved', { error: String(error) }));
  }

  async settled(): Promise<void> {
    await Promise.all([this.mirrored, this.reminded]);
  }
}

const alertIdOf = (reason: keyof typeof ALERT_TRIGGERS) => `${workflowInfo().workflowId}/alert/${reason}`;

/** Handlers only change state; the main loop does the I/O: a duress check-in answers exactly as a normal one. */
function listen(visit: FieldVisit): void {
  setHandler(fieldVisitUpdates.checkIn, ({ duress }) => visit.checkIn(duress), {
    validator: (_checkIn: CheckIn) => visit.requireStillTaken(),
  });
  setHandler(fieldVisitUpdates.extend, ({ minutes }) => visit.extend(minutes), {
    validator: ({ minutes }) => {
      requireActive(visit.status.state);
      extendedEnd(visit.expectedEnd, minutes, Date.now());
    },
  });
  setHandler(fieldVisitUpdates.panic, () => visit.panic(), { validator: () => visit.requireStillTaken() });
  setHandler(fieldVisitStatusQuery, () => visit.status);
  setHandler(visitAlarmSignal, ({ alarm }) => visit.signalled(alarm));
}

export async function fieldVisitWorkflow(input: FieldVisitInput): Promise<FieldVisitStatus> {
  const visit = new FieldVisit(input);
  listen(visit);
  while (visit.status.state === 'ACTIVE') {
    const deadline = checkInDeadline(visit.expectedEnd, input.graceMinutes);
    if (Date.now() >= deadline) {
      visit.end('MISSED', 'missed');
      break;
    }
    visit.remindIfDue();
    visit.changed = false;
    await condition(() => visit.changed || visit.pendingAlarms.size > 0, (visit.remindAt ?? deadline) - Date.now());
    if (visit.changed && visit.status.state === 'ACTIVE') visit.mirror();
    await visit.raiseAlarms();
  }

  const ending = visit.status.endedBy!;
  // Decided at the deadline itself: a check-in that comes while the alert starts is taken too.
  if (ending === 'missed') visit.lateCheckInOpen = patched(LATE_CHECK_IN_PATCH);
  visit.mirror();
  await visit.raiseAlarms();
  // A duress ending after the duress alarm keeps the one alert already running.
  if (ending !== 'check-in') await visit.raiseAlert(ending);
  if (visit.lateCheckInOpen) await visit.takeLateCheckIn();
  await visit.settled();
  return visit.status;
}
