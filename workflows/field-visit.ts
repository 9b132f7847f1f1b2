/**
 * One workflow per field visit. It keeps one deadline, the expected end plus the grace period,
 * moved by extensions; reminds the visitor before the expected end; ends on a "safe" check-in;
 * and raises an urgent alert to the visit's safety contacts when the deadline passes without a
 * check-in (exactly at end + grace), at once on panic, and silently on a duress check-in, which
 * answers the caller exactly as a normal check-in does.
 *
 * The input carries ids, codes and times only: where, with whom and why stay encrypted in SQL.
 */
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { createFieldVisitActivities } from '../activities/field-visits';
import type { createNotificationActivities } from '../activities/notifications';
import { checkInDeadline, extendedEnd, reminderAt, requireActive, type VisitEnding, type VisitState } from '../domain/field-visits';
import { organisationWorkflowId } from '../domain/workflow-ids';
import { logPermanentFailure } from './permanent-failures';
import { urgentAlertWorkflow } from './urgent-alert';

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

export async function fieldVisitWorkflow(input: FieldVisitInput): Promise<FieldVisitStatus> {
  const { visitId, organisationId, userId, visitCode, graceMinutes } = input;
  const now = () => Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  let expectedEnd = Date.parse(input.expectedEndAt);
  let remindAt = reminderAt(expectedEnd, Date.parse(input.startedAt));
  const status: FieldVisitStatus = {
    visitId,
    state: 'ACTIVE',
    expectedEndAt: input.expectedEndAt,
    endedAt: null,
    endedBy: null,
    alertId: null,
  };
  let changed = false;

  const answer = (): VisitorAnswer => ({ state: status.state, expectedEndAt: status.expectedEndAt, endedAt: status.endedAt });
  // Handlers only change state; the main loop does the I/O, so a duress check-in answers from the
  // very same code path, with the same timing, as a normal one.
  const end = (state: VisitState, endedBy: VisitEnding) => {
    status.state = state;
    status.endedBy = endedBy;
    status.endedAt = iso(now());
    changed = true;
  };
  // Writes go one after another, each with the state of its moment, so SQL ends with the latest.
  let mirrored: Promise<void> = Promise.resolve();
  const mirror = () => {
    const row = { visitId, state: status.state, expectedEndAt: status.expectedEndAt, endedBy: status.endedBy, endedAt: status.endedAt };
    mirrored = mirrored.then(() => local.recordFieldVisit(row).catch(logPermanentFailure('visit state not mirrored in SQL')));
  };
  let reminded: Promise<unknown> = Promise.resolve();

  setHandler(
    fieldVisitUpdates.checkIn,
    ({ duress }) => {
      end('ENDED', duress ? 'duress' : 'check-in');
      return answer();
    },
    { validator: (_checkIn: CheckIn) => requireActive(status.state) },
  );
  setHandler(
    fieldVisitUpdates.extend,
    ({ minutes }) => {
      expectedEnd = extendedEnd(expectedEnd, minutes, now());
      status.expectedEndAt = iso(expectedEnd);
      remindAt = reminderAt(expectedEnd, now());
      changed = true;
      return answer();
    },
    {
      validator: ({ minutes }) => {
        requireActive(status.state);
        extendedEnd(expectedEnd, minutes, now());
      },
    },
  );
  setHandler(
    fieldVisitUpdates.panic,
    () => {
      end('PANIC', 'panic');
      return answer();
    },
    { validator: () => requireActive(status.state) },
  );
  setHandler(fieldVisitStatusQuery, () => status);

  const raised = new Set<string>();
  const pendingAlarms = new Set<VisitAlarm>();
  setHandler(visitAlarmSignal, ({ alarm }) => {
    if (!raised.has(alarm)) pendingAlarms.add(alarm);
  });
  /** Starts the visit's alert for `reason`, once; it outlives the visit's workflow. */
  const raiseAlert = async (reason: keyof typeof ALERT_TRIGGERS) => {
    const alertId = `${workflowInfo().workflowId}/alert/${reason}`;
    status.alertId = alertId;
    if (raised.has(reason)) return;
    raised.add(reason);
    await startChild(urgentAlertWorkflow, {
      workflowId: alertId,
      args: [{ alertId, organisationId, fieldVisitId: visitId, caseCode: visitCode, trigger: ALERT_TRIGGERS[reason] }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  };
  // Only a signal leads here, which histories from before it never hold; patched() marks it all the same.
  const raiseAlarms = async () => {
    if (pendingAlarms.size === 0 || !patched(ALARM_PATCH)) return;
    for (const alarm of [...pendingAlarms]) {
      pendingAlarms.delete(alarm);
      await raiseAlert(alarm);
    }
  };

  while (status.state === 'ACTIVE') {
    const deadline = checkInDeadline(expectedEnd, graceMinutes);
    if (now() >= deadline) {
      end('MISSED', 'missed');
      break;
    }
    if (remindAt !== null && now() >= remindAt) {
      remindAt = null;
      reminded = reminders
        .remindVisitor({ organisationId, userId, visitCode, expectedEndAt: status.expectedEndAt })
        // Recorded in delivery_attempts either way; a failed reminder must not fail the visit.
        .catch(() => undefined);
    }
    changed = false;
    await condition(() => changed || pendingAlarms.size > 0, (remindAt ?? deadline) - now());
    if (changed && status.state === 'ACTIVE') mirror();
    await raiseAlarms();
  }

  const ending = status.endedBy!;
  mirror();
  await raiseAlarms();
  // A duress ending after the duress alarm keeps the one alert already running.
  if (ending !== 'check-in') await raiseAlert(ending);
  await Promise.all([mirrored, reminded]);
  return status;
}
