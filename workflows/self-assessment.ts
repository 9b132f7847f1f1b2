/**
 * One long-lived workflow per organisation keeps its safety self-assessment schedule: due
 * `intervalDays` after the latest one, reminders to the coordinators and admins, escalation to
 * the admins and then the duty coordinator (domain/self-assessment.ts has the times). The API
 * tells it when a self-assessment is recorded (time and derived level only: scores stay in SQL,
 * notes encrypted there) and when the interval changes.
 *
 * Started by the API, idempotently: for every organisation when it starts and every hour after
 * (organisations are created offline, by `npm run organisation`), and by update-with-start on
 * every self-assessment or settings change (api/self-assessments.ts).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createNotificationActivities } from '../activities/notifications';
import type { createSelfAssessmentActivities } from '../activities/self-assessment';
import { oneOf, parseInstant, RISK_LEVELS, type RiskLevel } from '../domain/case-facts';
import { organisationWorkflowId } from '../domain/workflow-ids';
import {
  parseIntervalDays,
  selfAssessmentSchedule,
  type SelfAssessmentAudience,
  type SelfAssessmentSchedule,
} from '../domain/self-assessment';
import { runDueSteps, untilNextStep, type Step } from './deadline-steps';
import { HeldNotices, type HeldBackNotice } from './held-notices';

export interface SelfAssessmentRecord {
  at: string;
  riskLevel: RiskLevel;
}

export interface SelfAssessmentWorkflowInput {
  organisationId: string;
  intervalDays: number;
  /** The latest self-assessment on record when the workflow starts; null before the first. */
  last: SelfAssessmentRecord | null;
  /** When the schedule starts counting (default: when the workflow starts): the first self-assessment is due an interval after it. */
  since?: string;
  /** Set only by continue-as-new. */
  carried?: {
    /** Keys of the notices already sent for the current deadline. */
    done: string[];
    deferred: HeldNotice[];
  };
}

/** Recipients in quiet hours: the notice goes to them again at `at` (flat, as runs carry it). */
type HeldNotice = { at: string } & HeldBackNotice;

export const selfAssessmentWorkflowId = (organisationId: string): string => organisationWorkflowId(organisationId, 'self-assessment');

export const selfAssessmentUpdates = {
  recorded: defineUpdate<SelfAssessmentSchedule, [SelfAssessmentRecord]>('selfAssessment.recorded'),
  intervalChanged: defineUpdate<SelfAssessmentSchedule, [{ intervalDays: number }]>('selfAssessment.intervalChanged'),
};
export const selfAssessmentScheduleQuery = defineQuery<SelfAssessmentSchedule>('selfAssessment.schedule');

type Activities = ReturnType<typeof createNotificationActivities> & ReturnType<typeof createSelfAssessmentActivities>;
const activities = proxyLocalActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10m' },
});

/** What the workflow knows of the organisation's self-assessments; the API's updates change it. */
class SelfAssessmentState {
  intervalDays: number;
  last: SelfAssessmentRecord | null;
  readonly since: string;
  changed = false;

  constructor(input: SelfAssessmentWorkflowInput) {
    this.intervalDays = input.intervalDays;
    this.last = input.last;
    this.since = input.since ?? new Date(Date.now()).toISOString();
  }

  schedule(): SelfAssessmentSchedule {
    return selfAssessmentSchedule({ since: this.since, last: this.last, intervalDays: this.intervalDays });
  }

  /** A self-assessment entered late, after a newer one, does not move the deadline back. */
  record(recorded: SelfAssessmentRecord): SelfAssessmentSchedule {
    if (this.last === null || Date.parse(recorded.at) >= Date.parse(this.last.at)) {
      this.last = { at: recorded.at, riskLevel: recorded.riskLevel };
    }
    this.changed = true;
    return this.schedule();
  }

  changeInterval(intervalDays: number): SelfAssessmentSchedule {
    this.intervalDays = intervalDays;
    this.changed = true;
    return this.schedule();
  }
}

function listen(state: SelfAssessmentState): void {
  setHandler(selfAssessmentUpdates.recorded, (recorded) => state.record(recorded), {
    validator: (recorded) => {
      parseInstant(recorded?.at, 'at');
      oneOf(recorded.riskLevel, 'riskLevel', RISK_LEVELS);
    },
  });
  setHandler(selfAssessmentUpdates.intervalChanged, ({ intervalDays }) => state.changeInterval(intervalDays), {
    validator: (args) => void parseIntervalDays(args?.intervalDays, 'intervalDays'),
  });
  setHandler(selfAssessmentScheduleQuery, () => state.schedule());
}

/** The workflow's steps: reminders to the coordinators, escalations, notices quiet hours held back. */
function steps(state: SelfAssessmentState, organisationId: string, held: HeldNotices<HeldBackNotice>): Step[] {
  const { dueAt, remindAt, escalateAt } = state.schedule();
  /** Those in quiet hours get it later. */
  const notify = async (notice: HeldBackNotice) => {
    const at = new Date(Date.now()).toISOString();
    const { kind, dueAt: due, recipients } = notice;
    const { riskLevel } = state.schedule();
    const { deferred } = await activities.notifyReassessmentDue({
      organisationId,
      kind,
      dueAt: due,
      rule: null,
      riskLevel,
      recipients,
      at,
    });
    held.hold(notice, deferred);
  };
  // Sent to the audience as it is then: people join and leave.
  const toAudience = (kind: HeldBackNotice['kind'], audience: SelfAssessmentAudience) => async () =>
    notify({ kind, dueAt, recipients: await activities.loadSelfAssessmentRecipients(organisationId, audience) });
  const list: Step[] = remindAt.map((at, i) => ({
    key: `remind/${dueAt}/${i}`,
    at: Date.parse(at),
    run: toAudience('reminder', 'coordinators'),
    reminder: true,
  }));
  for (const { at, to } of escalateAt) list.push({ key: `escalate/${dueAt}/${to}`, at: Date.parse(at), run: toAudience('escalation', to) });
  return [...list, ...held.steps(dueAt, notify)];
}

export async function selfAssessmentWorkflow(input: SelfAssessmentWorkflowInput): Promise<void> {
  const { organisationId } = input;
  const state = new SelfAssessmentState(input);
  const done = new Set(input.carried?.done ?? []);
  const held = new HeldNotices<HeldBackNotice>(
    (input.carried?.deferred ?? []).map(({ at, ...notice }) => ({ at, notice })),
    ({ at, notice }) => `deferred/${notice.kind}/${notice.dueAt}/${at}/${notice.recipients.join(',')}`,
  );
  listen(state);

  for (;;) {
    const current = steps(state, organisationId, held);
    held.keepOnly(state.schedule().dueAt);
    // Of several reminders already due (the interval was shortened), one is enough.
    const pending = await runDueSteps(current, done, Date.now());
    if (pending === null) continue;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      const deferred = held.carried().map(({ at, notice }) => ({ at, ...notice }));
      const { intervalDays, last, since } = state;
      await continueAsNew<typeof selfAssessmentWorkflow>({
        organisationId,
        intervalDays,
        last,
        since,
        carried: { done: [...done], deferred },
      });
    }
    state.changed = false;
    // After the last escalation nothing is pending until a self-assessment or a new interval arrives.
    await untilNextStep(pending, () => state.changed, Date.now());
  }
}
