/**
 * One durable workflow per case, from identification to the perpetrator's release and beyond.
 * It records what happens, asks the policy when the next reassessment is due, and keeps one
 * deadline: reminders to the caseworker, escalation to the coordinator and then the chain,
 * urgent alerts when danger rises. Deterministic: time comes from the SDK, I/O from activities.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { createCaseActivities } from '../activities/case-records';
import type { createNotificationActivities } from '../activities/notifications';
import {
  applyCaseEvent,
  checkCaseEvent,
  newCaseRecord,
  parseCaseEvent,
  reopensClosedCase,
  toFacts,
  urgentTrigger,
  type CaseEvent,
  type CaseRecord,
} from '../domain/case-events';
import { computeSchedule, DEFAULT_POLICY, type PolicyVersion, type Schedule } from '../domain/policy';
import {
  caseScheduleQuery,
  caseStateQuery,
  caseTimelineQuery,
  caseUpdates,
  contactsChangedSignal,
  policyChangedSignal,
  searchAttributes,
  type CaseWorkflowInput,
  type DeferredNotice,
  type Notice,
  type TimelineEntry,
} from './case-messages';
import { runDueSteps, untilNextStep, type Step } from './deadline-steps';
import { logPermanentFailure } from './permanent-failures';
import { urgentAlertWorkflow } from './urgent-alert';

const HOUR = 3_600_000;
/**
 * Cases started before policy version 2 replay their history under version 1 and move to
 * version 2 at their next decision (timer, event or signal); new cases start under version 2.
 */
export const POLICY_V2_PATCH = 'reassessment-policy-v2';
/** The workflow keeps the recent timeline for queries; SQL keeps all of it. */
const TIMELINE_KEPT = 500;

// Local activities: each costs one history event, which keeps a years-long case small.
const records = proxyLocalActivities<ReturnType<typeof createCaseActivities>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m' },
});
const notices = proxyLocalActivities<ReturnType<typeof createNotificationActivities>>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10m' },
});

/** Something the workflow must do at a given instant, identified so it is done once. */
export async function caseLifecycleWorkflow(input: CaseWorkflowInput): Promise<void> {
  const { caseId, organisationId, caseCode } = input;
  let policy = input.policy ?? DEFAULT_POLICY;
  let policyVersion: PolicyVersion = input.carried?.policyVersion ?? 1;
  let record: CaseRecord = input.carried?.record ?? newCaseRecord(input.identifiedAt, input.riskLevel);
  let contacts = input.contacts;
  let timeline: TimelineEntry[] = input.carried?.timeline ?? [];
  let nextSeq = input.carried?.nextSeq ?? 0;
  const done = new Set(input.carried?.done ?? []);
  let deferred: DeferredNotice[] = input.carried?.deferred ?? [];
  upgradePolicy();
  let schedule: Schedule = computeSchedule(toFacts(record), policy, policyVersion);
  let changed = false;

  /** True when the case has just moved to policy version 2 (see POLICY_V2_PATCH). */
  function upgradePolicy(): boolean {
    if (policyVersion >= 2 || !patched(POLICY_V2_PATCH)) return false;
    policyVersion = 2;
    return true;
  }

  const now = () => Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  /** Appends to the timeline here and in SQL (idempotent by workflow id + seq); returns the entry's seq. */
  /** Appends to the timeline at once; `recorded` settles when SQL has it too. */
  function note(kind: string, detail: Record<string, unknown>): { seq: number; recorded: Promise<void> } {
    const entry: TimelineEntry = { seq: nextSeq++, at: iso(now()), kind, detail };
    timeline.push(entry);
    if (timeline.length > TIMELINE_KEPT) timeline = timeline.slice(-TIMELINE_KEPT);
    const recorded = records
      .recordCaseTimeline({
        caseId,
        workflowId: workflowInfo().workflowId,
        entry,
        summary: { stage: record.stage, riskLevel: record.riskLevel, closedAt: record.closedAt, nextDueAt: schedule.dueAt },
      })
      // Only a failure no retry can heal gets here: the workflow keeps the entry and goes on.
      .catch(logPermanentFailure(`timeline entry ${entry.seq} (${kind}) not recorded in SQL`));
    return { seq: entry.seq, recorded };
  }

  function reschedule(): void {
    schedule = computeSchedule(toFacts(record), policy, policyVersion);
    upsertSearchAttributes([
      { key: searchAttributes.stage, value: record.stage },
      { key: searchAttributes.riskLevel, value: record.riskLevel },
      { key: searchAttributes.nextDueAt, value: schedule.dueAt ? new Date(schedule.dueAt) : null },
      { key: searchAttributes.organisationId, value: organisationId },
    ] as Parameters<typeof upsertSearchAttributes>[0]);
    changed = true;
  }

  async function raiseAlert(trigger: string, key: string): Promise<void> {
    const alertId = `${workflowInfo().workflowId}/alert/${key}`;
    await startChild(urgentAlertWorkflow, {
      workflowId: alertId,
      args: [{ alertId, caseId, caseCode, organisationId, trigger }],
      // The alert outlives this run when the case continues as new.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    await note('alert.raised', { trigger, alertId }).recorded;
  }

  async function onEvent(event: CaseEvent): Promise<Schedule> {
    upgradePolicy();
    const reopening = reopensClosedCase(record, event, policyVersion);
    record = applyCaseEvent(record, event, policyVersion);
    reschedule();
    const { seq, recorded } = note(event.type, { ...event });
    const reopened = reopening ? note('case.monitoring-reopened', { reason: event.type }).recorded : undefined;
    const trigger = urgentTrigger(event);
    // The alert starts beside the bookkeeping, not after it: nobody in danger waits for SQL.
    // Keyed by the event's own entry, not by nextSeq: the main loop may note a reminder meanwhile,
    // in an order that replay need not reproduce (non-determinism on the child's id).
    await Promise.all([recorded, reopened, trigger ? raiseAlert(trigger, `${seq}`) : undefined]);
    return schedule;
  }

  function handle<T extends CaseEvent['type']>(definition: UpdateDefinition<Schedule, [object]>, type: T): void {
    setHandler(definition, (args) => onEvent(parseCaseEvent({ ...args, type }, now(), { asRecorded: true })), {
      // Rejected here, a bad event never enters the history.
      validator: (args) => {
        checkCaseEvent(record, parseCaseEvent({ ...args, type }, now()), now());
      },
    });
  }
  handle(caseUpdates.assessmentCompleted, 'assessment.completed');
  handle(caseUpdates.hearingScheduled, 'hearing.scheduled');
  handle(caseUpdates.hearingMoved, 'hearing.moved');
  handle(caseUpdates.hearingCancelled, 'hearing.cancelled');
  handle(caseUpdates.hearingHeld, 'hearing.held');
  handle(caseUpdates.perpetratorStatus, 'perpetrator.status');
  handle(caseUpdates.incidentReported, 'incident.reported');
  handle(caseUpdates.relocationRecorded, 'relocation.recorded');
  handle(caseUpdates.stageChanged, 'stage.changed');
  handle(caseUpdates.caseClosed, 'case.closed');
  handle(caseUpdates.caseReopened, 'case.reopened');

  setHandler(contactsChangedSignal, (next) => {
    contacts = next;
    changed = true;
  });
  // The organisation changed its overrides: the deadline moves now, and the timeline says so.
  setHandler(policyChangedSignal, async ({ policy: next, version, changedAt }) => {
    upgradePolicy();
    const dueBefore = schedule.dueAt;
    policy = next;
    reschedule();
    await note('policy.changed', { version, changedAt, dueBefore, dueAfter: schedule.dueAt }).recorded;
  });
  setHandler(caseStateQuery, () => ({ caseId, caseCode, record, contacts, schedule }));
  setHandler(caseScheduleQuery, () => schedule);
  setHandler(caseTimelineQuery, () => timeline);

  /**
   * Sends a reminder or escalation; recipients in their quiet hours get it when those end. The
   * activity decides who is quiet (it knows their time zones); the workflow keeps the promise.
   */
  async function notify(notice: Notice): Promise<void> {
    const { kind, to, dueAt, rule, recipients } = notice;
    const { deferred: later } = await notices.notifyReassessmentDue({
      caseId,
      caseCode,
      organisationId,
      riskLevel: schedule.riskLevel,
      kind,
      dueAt,
      rule,
      recipients,
      at: iso(now()),
    });
    const sent = recipients.filter((id) => !later.some((d) => d.recipientId === id));
    for (const until of new Set(later.map((d) => d.until))) {
      deferred.push({ at: until, notice: { ...notice, recipients: later.filter((d) => d.until === until).map((d) => d.recipientId) } });
    }
    if (sent.length > 0 || recipients.length === 0) {
      await note(`${kind}.${to}`, { dueAt, rule, ...(later.length ? { deferred: later.length } : {}) }).recorded;
    }
  }

  /** Reminders and escalations for the current deadline, and the 24-hour hearing check. */
  function steps(): Step[] {
    const list: Step[] = [];
    const { dueAt, rule } = schedule;
    if (dueAt) {
      schedule.remindAt.forEach((at, i) =>
        list.push({
          key: `remind/${dueAt}/${i}`,
          at: Date.parse(at),
          run: () => notify({ kind: 'reminder', to: 'caseworker', dueAt, rule, recipients: contactIdsOf('caseworker') }),
        }),
      );
      for (const { at, to } of schedule.escalateAt) {
        list.push({
          key: `escalate/${dueAt}/${to}`,
          at: Date.parse(at),
          run: () => notify({ kind: 'escalation', to, dueAt, rule, recipients: contactIdsOf(to) }),
        });
      }
    }
    // Notices held back by quiet hours, while their deadline still stands.
    for (const held of deferred) {
      if (held.notice.dueAt !== dueAt) continue;
      list.push({
        key: `deferred/${held.notice.kind}/${held.notice.to}/${held.notice.dueAt}/${held.at}`,
        at: Date.parse(held.at),
        run: () => {
          deferred = deferred.filter((d) => d !== held);
          return notify(held.notice);
        },
      });
    }
    if (record.closedAt === null) {
      for (const hearing of record.hearings) {
        if (hearing.status !== 'SCHEDULED') continue;
        const at = Date.parse(hearing.at);
        list.push({
          key: `hearing-24h/${hearing.id}/${hearing.at}`,
          at: at - 24 * HOUR,
          run: async () => {
            const last = record.lastAssessment ? Date.parse(record.lastAssessment.at) : -Infinity;
            // The pre-hearing rule counts assessments from hearing - 3 days.
            if (now() < at && last < at - 72 * HOUR) await raiseAlert('hearing.unprepared', `hearing-${hearing.id}-${hearing.at}`);
          },
        });
      }
    }
    return list;
  }

  function contactIdsOf(to: 'caseworker' | 'coordinator' | 'chain'): string[] {
    const ids =
      to === 'caseworker'
        ? [contacts.caseworkerId]
        : to === 'coordinator'
          ? [contacts.coordinatorId]
          : [contacts.coordinatorId, ...contacts.designatedContactIds];
    return ids.filter((id): id is string => id !== null);
  }

  reschedule();
  if (!input.carried) await note('case.opened', { riskLevel: record.riskLevel, identifiedAt: record.identifiedAt }).recorded;

  for (;;) {
    if (upgradePolicy()) reschedule();
    const pending = await runDueSteps(steps(), done, now());
    if (pending === null) continue;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof caseLifecycleWorkflow>({
        ...input,
        contacts,
        policy,
        riskLevel: record.riskLevel,
        carried: { record, timeline, nextSeq, done: [...done], deferred, policyVersion },
      });
    }
    changed = false;
    await untilNextStep(pending, () => changed, now());
  }
}
