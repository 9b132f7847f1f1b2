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
import type { createNotificationActivities, DeferredRecipient } from '../activities/notifications';
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

/** Recipients in quiet hours: the notice goes to them again at `at`. */
interface HeldNotice {
  at: string;
  kind: 'reminder' | 'escalation';
  dueAt: string;
  recipients: string[];
}

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

export async function selfAssessmentWorkflow(input: SelfAssessmentWorkflowInput): Promise<void> {
  const { organisationId } = input;
  let intervalDays = input.intervalDays;
  let last = input.last;
  const since = input.since ?? new Date(Date.now()).toISOString();
  const done = new Set(input.carried?.done ?? []);
  let deferred: HeldNotice[] = input.carried?.deferred ?? [];
  let changed = false;
  const schedule = () => selfAssessmentSchedule({ since, last, intervalDays });

  setHandler(
    selfAssessmentUpdates.recorded,
    (recorded) => {
      // A self-assessment entered late, after a newer one, does not move the deadline back.
      if (last === null || Date.parse(recorded.at) >= Date.parse(last.at)) last = { at: recorded.at, riskLevel: recorded.riskLevel };
      changed = true;
      return schedule();
    },
    {
      validator: (recorded) => {
        parseInstant(recorded?.at, 'at');
        oneOf(recorded.riskLevel, 'riskLevel', RISK_LEVELS);
      },
    },
  );
  setHandler(
    selfAssessmentUpdates.intervalChanged,
    ({ intervalDays: days }) => {
      intervalDays = days;
      changed = true;
      return schedule();
    },
    { validator: (args) => void parseIntervalDays(args?.intervalDays, 'intervalDays') },
  );
  setHandler(selfAssessmentScheduleQuery, schedule);

  /** Sends to the audience as it is now (people join and leave); those in quiet hours get it later. */
  async function notify(kind: HeldNotice['kind'], dueAt: string, recipients: string[]): Promise<void> {
    const { deferred: later } = await activities.notifyReassessmentDue({
      organisationId,
      kind,
      dueAt,
      rule: null,
      riskLevel: schedule().riskLevel,
      recipients,
      at: new Date(Date.now()).toISOString(),
    });
    for (const until of new Set(later.map((d: DeferredRecipient) => d.until))) {
      deferred.push({ at: until, kind, dueAt, recipients: later.filter((d) => d.until === until).map((d) => d.recipientId) });
    }
  }

  const toAudience = (kind: HeldNotice['kind'], dueAt: string, audience: SelfAssessmentAudience) => async () =>
    notify(kind, dueAt, await activities.loadSelfAssessmentRecipients(organisationId, audience));

  function steps(): Step[] {
    const { dueAt, remindAt, escalateAt } = schedule();
    const list: Step[] = remindAt.map((at, i) => ({
      key: `remind/${dueAt}/${i}`,
      at: Date.parse(at),
      run: toAudience('reminder', dueAt, 'coordinators'),
    }));
    for (const { at, to } of escalateAt) {
      list.push({ key: `escalate/${dueAt}/${to}`, at: Date.parse(at), run: toAudience('escalation', dueAt, to) });
    }
    // Held back by quiet hours, while their deadline still stands.
    for (const held of deferred.filter((d) => d.dueAt === dueAt)) {
      list.push({
        key: `deferred/${held.kind}/${held.dueAt}/${held.at}/${held.recipients.join(',')}`,
        at: Date.parse(held.at),
        run: () => {
          deferred = deferred.filter((d) => d !== held);
          return notify(held.kind, held.dueAt, held.recipients);
        },
      });
    }
    return list;
  }

  for (;;) {
    const current = steps();
    deferred = deferred.filter((d) => d.dueAt === schedule().dueAt);
    // Of several reminders already due (the interval was shortened), one is enough.
    const pending = await runDueSteps(current, done, Date.now());
    if (pending === null) continue;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof selfAssessmentWorkflow>({
        organisationId,
        intervalDays,
        last,
        since,
        carried: { done: [...done], deferred },
      });
    }
    changed = false;
    // After the last escalation nothing is pending until a self-assessment or a new interval arrives.
    await untilNextStep(pending, () => changed, Date.now());
  }
}
