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
  workflowInfo,
} from '@temporalio/workflow';
import type { createAlertPlanActivities } from '../activities/alert-plans';
import type { createCaseActivities } from '../activities/case-records';
import type { createNotificationActivities } from '../activities/notifications';
import { parseCaseEvent } from '../domain/case-event-parser';
import { checkCaseEvent, urgentTrigger, type CaseEvent, type CaseEventType } from '../domain/case-events';
import {
  caseScheduleQuery,
  caseStateQuery,
  caseTimelineQuery,
  caseUpdates,
  contactsChangedSignal,
  policyChangedSignal,
  type CaseWorkflowInput,
  type Notice,
  type ScheduleChange,
} from './case-messages';
import { CaseState, type CaseActions } from './case-state';
import { runDueSteps, untilNextStep } from './deadline-steps';
import { logPermanentFailure } from './permanent-failures';
import { urgentAlertWorkflow } from './urgent-alert';

// Local activities: each costs one history event, which keeps a years-long case small.
const records = proxyLocalActivities<ReturnType<typeof createCaseActivities> & ReturnType<typeof createAlertPlanActivities>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m' },
});
const notices = proxyLocalActivities<ReturnType<typeof createNotificationActivities>>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10m' },
});

/** Since then a change of caseworker is noted in the timeline (histories from before replay without it). */
const CASEWORKER_CHANGED_PATCH = 'caseworker-changed-timeline';
/** Since then an event is answered before its urgent alert has started: the answer comes a workflow task sooner. */
const ANSWER_BEFORE_ALERT_PATCH = 'event-answer-before-alert';

export async function caseLifecycleWorkflow(input: CaseWorkflowInput): Promise<void> {
  const state = new CaseState(input);
  const act = new CaseEffects(state);
  listen(state, act);
  state.reschedule();
  const { record } = state;
  if (!input.carried) await act.note('case.opened', { riskLevel: record.riskLevel, identifiedAt: record.identifiedAt }).recorded;

  for (;;) {
    if (state.upgradePolicy()) state.reschedule();
    const pending = await runDueSteps(state.steps(act), state.done, Date.now());
    if (pending === null) continue;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await act.alertsStarted();
      await continueAsNew<typeof caseLifecycleWorkflow>(state.continuation());
    }
    state.changed = false;
    await untilNextStep(pending, () => state.changed, Date.now());
  }
}

/** The case's updates (one per kind of event), signals and queries. */
function listen(state: CaseState, act: CaseEffects): void {
  const now = () => Date.now();
  for (const update of Object.values(caseUpdates)) {
    const type = update.name as CaseEventType;
    setHandler(update, (args: object) => act.onEvent(parseCaseEvent({ ...args, type }, now(), { asRecorded: true })), {
      // Rejected here, a bad event never enters the history.
      validator: (args: object) => {
        checkCaseEvent(state.record, parseCaseEvent({ ...args, type }, now()), now());
      },
    });
  }
  setHandler(contactsChangedSignal, async (next) => {
    const before = state.contacts.caseworkerId;
    state.contacts = next;
    state.changed = true;
    // The evaluation credits each deadline to the caseworker in charge when it fell due.
    if (next.caseworkerId !== before && patched(CASEWORKER_CHANGED_PATCH)) {
      await act.note('caseworker.changed', { caseworkerId: next.caseworkerId, previousCaseworkerId: before }).recorded;
    }
  });
  // The organisation changed its overrides: the deadline moves now, and the timeline says so.
  setHandler(policyChangedSignal, async ({ policy, version, changedAt }) => {
    const dueBefore = state.changePolicy(policy);
    await act.note('policy.changed', { version, changedAt, dueBefore, dueAfter: state.schedule.dueAt }).recorded;
  });
  setHandler(caseStateQuery, () => state.view());
  setHandler(caseScheduleQuery, () => state.schedule);
  setHandler(caseTimelineQuery, () => state.timeline);
}

/** What the case does outside the workflow: its timeline in SQL, reminders and escalations, urgent alerts. */
class CaseEffects implements CaseActions {
  /** Alerts whose child workflow is starting after their event was answered. */
  private readonly starting = new Set<Promise<void>>();

  constructor(private readonly state: CaseState) {}

  async onEvent(event: CaseEvent): Promise<ScheduleChange> {
    const before = this.state.schedule;
    const reopening = this.state.apply(event);
    const { seq, recorded } = this.note(event.type, { ...event });
    const reopened = reopening ? this.note('case.monitoring-reopened', { reason: event.type }).recorded : undefined;
    const trigger = urgentTrigger(event);
    // The alert starts beside the bookkeeping, not after it: nobody in danger waits for SQL.
    // Keyed by the event's own entry, not by nextSeq: the main loop may note a reminder meanwhile,
    // in an order that replay need not reproduce (non-determinism on the child's id).
    const alert = trigger ? this.raiseAlert(trigger, `${seq}`) : undefined;
    if (alert && patched(ANSWER_BEFORE_ALERT_PATCH)) {
      // The child's start command leaves with this answer; its confirmation needs no one waiting.
      const started = alert.catch(logPermanentFailure(`urgent alert of timeline entry ${seq} not started`));
      this.starting.add(started);
      void started.then(() => this.starting.delete(started));
      await Promise.all([recorded, reopened]);
    } else {
      await Promise.all([recorded, reopened, alert]);
    }
    return { ...this.state.schedule, before };
  }

  /** Settles when every alert started after its answer runs (the case must not continue as new before). */
  async alertsStarted(): Promise<void> {
    await Promise.all(this.starting);
  }

  /** Appends to the timeline at once; `recorded` settles when SQL has it too (idempotent by workflow id + seq). */
  note(kind: string, detail: Record<string, unknown>): { seq: number; recorded: Promise<void> } {
    const entry = this.state.addEntry(kind, detail);
    const { record, schedule } = this.state;
    const recorded = records
      .recordCaseTimeline({
        caseId: this.state.input.caseId,
        workflowId: workflowInfo().workflowId,
        entry,
        summary: { stage: record.stage, riskLevel: record.riskLevel, closedAt: record.closedAt, nextDueAt: schedule.dueAt },
      })
      // Only a failure no retry can heal gets here: the workflow keeps the entry and goes on.
      .catch(logPermanentFailure(`timeline entry ${entry.seq} (${kind}) not recorded in SQL`));
    return { seq: entry.seq, recorded };
  }

  async raiseAlert(trigger: string, key: string): Promise<void> {
    const { caseId, caseCode, organisationId } = this.state.input;
    const alertId = `${workflowInfo().workflowId}/alert/${key}`;
    await startChild(urgentAlertWorkflow, {
      workflowId: alertId,
      args: [{ alertId, caseId, caseCode, organisationId, trigger }],
      // The alert outlives this run when the case continues as new.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    await this.note('alert.raised', { trigger, alertId }).recorded;
  }

  organisationEscalation(alreadyTold: string[]): Promise<string[]> {
    return records.loadOrganisationEscalation(this.state.input.organisationId, alreadyTold);
  }

  /**
   * Sends a reminder or escalation; recipients in their quiet hours get it when those end. The
   * activity decides who is quiet (it knows their time zones); the workflow keeps the promise.
   */
  async notify(notice: Notice): Promise<void> {
    const { caseId, caseCode, organisationId } = this.state.input;
    const { kind, to, dueAt, rule, recipients } = notice;
    const { deferred: later } = await notices.notifyReassessmentDue({
      caseId,
      caseCode,
      organisationId,
      riskLevel: this.state.schedule.riskLevel,
      kind,
      dueAt,
      rule,
      recipients,
      at: new Date(Date.now()).toISOString(),
    });
    this.state.held.hold(notice, later);
    const sent = recipients.filter((id) => !later.some((d) => d.recipientId === id));
    if (sent.length > 0 || recipients.length === 0) {
      await this.note(`${kind}.${to}`, { dueAt, rule, ...(later.length ? { deferred: later.length } : {}) }).recorded;
    }
  }
}
