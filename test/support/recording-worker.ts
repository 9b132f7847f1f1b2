/** A Vigil worker on the time-skipping server, running activities that record what the workflows asked for. */
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities';
import { STAFF_ONLY_TRIGGERS, type EscalationPlan } from '../../activities/alert-plans';
import { deliverableAt, type QuietHours } from '../../domain/quiet-hours';
import type { SelfAssessmentAudience } from '../../domain/self-assessment';
import { createVigilWorker } from '../../worker/worker';
import { testCodec } from './codec';
import { timeSkippingEnvironment, workflowBundle } from './time-skipping';

export interface RecordedCall {
  name: keyof Activities;
  /** Simulated time at which the activity ran. */
  at: string;
  input: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Every organisation's people, for loadSelfAssessmentRecipients. */
export const SELF_ASSESSMENT_AUDIENCES: Record<SelfAssessmentAudience, string[]> = {
  coordinators: ['coord-1', 'admin-1'],
  admins: ['admin-1'],
  'admins-and-duty-coordinator': ['admin-1', 'duty-1'],
};

/** The organisation's own escalation of an overdue reassessment, for loadOrganisationEscalation. */
export const ORGANISATION_ESCALATION = ['duty-1', 'admin-1'];

/**
 * Activities that record what the workflows asked for, at which simulated time, instead of
 * writing SQL and sending messages: the workflow tests assert timings and recipients. Escalation
 * chains come from `chains` (by case id, or field visit id); a contact listed in `unreachable` refuses every message;
 * a recipient with `quietHours` gets reminders only outside them.
 */
export function recordingActivities(
  env: TestWorkflowEnvironment,
  { chains, unreachable, quietHours }: Pick<Testbed, 'chains' | 'unreachable' | 'quietHours'>,
): { activities: Activities; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const record = async (name: keyof Activities, input: unknown) => {
    calls.push({ name, at: new Date(await env.currentTimeMs()).toISOString(), input });
  };
  const activities: Activities = {
    recordCaseTimeline: (input) => record('recordCaseTimeline', input),
    // Judged with the real quiet-hours rule, as the real activity does.
    async notifyReassessmentDue(input) {
      await record('notifyReassessmentDue', input);
      const deferred = input.recipients.flatMap((recipientId) => {
        const quiet = quietHours.get(recipientId);
        const until = quiet && deliverableAt(new Date(input.at), quiet);
        return until && until.getTime() > Date.parse(input.at) ? [{ recipientId, until: until.toISOString() }] : [];
      });
      return { deferred };
    },
    async deliverToContact(input) {
      await record('deliverToContact', input);
      if (unreachable.has(input.contactId)) {
        throw ApplicationFailure.nonRetryable('refused by the provider', 'PermanentDeliveryFailure', {
          channel: input.channel,
          recipientId: input.contactId,
          errorCode: '21211',
        });
      }
      return { status: 'NOT_SENT', providerMessageId: null };
    },
    // A staff-only alert reaches the case's caseworker and coordinator (as activities/alert-plans.ts
    // does), any other its chain from `chains`.
    async loadEscalationChain(organisationId, caseId, trigger) {
      await record('loadEscalationChain', { organisationId, caseId, trigger });
      if (trigger && STAFF_ONLY_TRIGGERS.includes(trigger)) {
        return { levels: [{ contactIds: ['worker-1', 'coord-1'], timeoutMs: 5 * 60_000 }], repeats: 2, coordinatorIds: ['coord-1'] };
      }
      return chains.get(caseId ?? '') ?? { levels: [], repeats: 2, coordinatorIds: [] };
    },
    recordAlert: (input) => record('recordAlert', input),
    notifyAlertUpdate: (input) => record('notifyAlertUpdate', input),
    recordFieldVisit: (input) => record('recordFieldVisit', input),
    remindVisitor: (input) => record('remindVisitor', input),
    notifyCoordinators: (input) => record('notifyCoordinators', input),
    // A visit's alert plan comes from `chains` too, by the visit's id.
    async loadVisitAlertPlan(organisationId, fieldVisitId) {
      await record('loadVisitAlertPlan', { organisationId, fieldVisitId });
      return chains.get(fieldVisitId) ?? { levels: [], repeats: 2, coordinatorIds: [] };
    },
    // The retention job's own test (test/workflows/retention.test.ts) runs its real activities.
    async findCasesPastRetention(input) {
      await record('findCasesPastRetention', input);
      return [];
    },
    async eraseCasePastRetention(input) {
      await record('eraseCasePastRetention', input);
      return 'erased';
    },
    async loadOrganisationEscalation(organisationId, alreadyTold) {
      await record('loadOrganisationEscalation', { organisationId, alreadyTold });
      return ORGANISATION_ESCALATION.filter((id) => !alreadyTold.includes(id));
    },
    async loadSelfAssessmentRecipients(organisationId, audience) {
      await record('loadSelfAssessmentRecipients', { organisationId, audience });
      return SELF_ASSESSMENT_AUDIENCES[audience];
    },
  };
  return { activities, calls };
}

/** The time-skipping server with a Vigil worker running on recording activities. */
export interface Testbed {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  calls: RecordedCall[];
  /** The escalation chain of each case (openCase fills it from the designated contacts). */
  chains: Map<string, EscalationPlan>;
  /** Contacts whose every message the provider refuses. */
  unreachable: Set<string>;
  /** Quiet hours of recipients (by id); others have none. */
  quietHours: Map<string, QuietHours>;
  /** Stops the worker, then the server. */
  teardown(): Promise<void>;
}

export async function startTestbed(taskQueue: string, server?: string): Promise<Testbed> {
  const env = await timeSkippingEnvironment(server);
  const chains = new Map<string, EscalationPlan>();
  const unreachable = new Set<string>();
  const quietHours = new Map<string, QuietHours>();
  const { activities, calls } = recordingActivities(env, { chains, unreachable, quietHours });
  const worker = await createVigilWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities,
    codec: testCodec,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  return {
    env,
    taskQueue,
    calls,
    chains,
    unreachable,
    quietHours,
    async teardown() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
