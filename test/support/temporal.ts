/** Temporal test fixtures: the time-skipping server, a shared workflow bundle, recording activities. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import type { Activities } from '../../activities';
import type { EscalationPlan } from '../../activities/alert-plans';
import type { RiskLevel } from '../../domain/case-facts';
import { deliverableAt, type QuietHours } from '../../domain/quiet-hours';
import type { SelfAssessmentAudience } from '../../domain/self-assessment';
import { log } from '../../platform/logger';
import { createPayloadCodec, vigilDataConverter } from '../../platform/payload-codec';
import { registerSearchAttributes } from '../../platform/temporal';
import { bundleWorkflows, createVigilWorker, installTemporalRuntime } from '../../worker/worker';
import { caseLifecycleWorkflow } from '../../workflows';
import { caseUpdates, caseWorkflowId } from '../../workflows/case-messages';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

installTemporalRuntime(log);

/** The key of encrypted fields and payloads in tests (never a production key). */
export const TEST_DATA_KEY = Buffer.alloc(32, 7);
/** Every test client and worker encrypts payloads, as production does. */
export const testCodec = createPayloadCodec(TEST_DATA_KEY);

/** The time-skipping server, with Vigil's search attributes registered (it refuses unknown ones). */
export async function timeSkippingEnvironment(server = process.env.VIGIL_TEST_SERVER): Promise<TestWorkflowEnvironment> {
  if (!server) throw new Error('VIGIL_TEST_SERVER is unset: run the tests through jest (test/global-setup.ts provisions it)');
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: server } },
    client: { dataConverter: vigilDataConverter(testCodec) },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

let bundle: Promise<WorkflowBundle> | undefined;
/** Bundling takes seconds; one bundle serves every worker of a test file. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflows(quietLogger);
  return bundle;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

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
    async loadEscalationChain(organisationId, caseId) {
      await record('loadEscalationChain', { organisationId, caseId });
      return chains.get(caseId ?? '') ?? { levels: [], repeats: 2, coordinatorIds: [] };
    },
    recordAlert: (input) => record('recordAlert', input),
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

export interface OpenedCase {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof caseLifecycleWorkflow>;
  caseId: string;
  caseCode: string;
  /** Identification time, a whole second: the origin of every figure the tests write out. */
  t0: number;
}

let caseNumber = 0;
/**
 * Opens a case identified now, worked by `worker-1` and coordinated by `coord-1`. Started, not
 * executed: `env.sleep` can hang on a parent started with `execute` once it has children.
 */
export async function openCase(bed: Testbed, riskLevel: RiskLevel, designatedContactIds: string[] = []): Promise<OpenedCase> {
  const t0 = Math.ceil((await bed.env.currentTimeMs()) / 1000) * 1000;
  const caseId = `case-${++caseNumber}-${t0}`;
  const caseCode = `BG-${caseNumber}`;
  // Each designated contact a level of its own, 5 minutes each, the chain walked 1 + 2 times.
  bed.chains.set(caseId, {
    levels: designatedContactIds.map((id) => ({ contactIds: [id], timeoutMs: 5 * 60_000 })),
    repeats: 2,
    coordinatorIds: ['coord-1'],
  });
  const handle = await bed.env.client.workflow.start(caseLifecycleWorkflow, {
    taskQueue: bed.taskQueue,
    workflowId: caseWorkflowId('org-1', caseId),
    args: [
      {
        caseId,
        organisationId: 'org-1',
        caseCode,
        identifiedAt: new Date(t0).toISOString(),
        riskLevel,
        contacts: { caseworkerId: 'worker-1', coordinatorId: 'coord-1', designatedContactIds },
      },
    ],
  });
  return { handle, caseId, caseCode, t0 };
}

/** Lets simulated time run up to `ms` (epoch); a no-op when it is already past. */
export async function sleepUntil(env: TestWorkflowEnvironment, ms: number): Promise<void> {
  const left = ms - (await env.currentTimeMs());
  if (left > 0) await env.sleep(left);
}

export const hoursAfter = (t0: number, iso: string): number => (Date.parse(iso) - t0) / HOUR;

/** A reminder or escalation as the tests write it out: [hours after t0, what went to whom, due (hours after t0), rule]. */
export type Notice = [at: number, sent: string, due: number, rule: string | null];

/** Every reminder and escalation sent for the case, in order. */
export function noticesOf(calls: RecordedCall[], { caseId, t0 }: OpenedCase): Notice[] {
  return calls
    .filter((c) => c.name === 'notifyReassessmentDue' && c.input.caseId === caseId)
    .map((c) => [hoursAfter(t0, c.at), `${c.input.kind} → ${c.input.recipients.join(', ')}`, hoursAfter(t0, c.input.dueAt), c.input.rule]);
}

/**
 * Every urgent alert SMS sent for the case, in order: [hours after t0, contact, trigger]; the
 * coordinator's "nobody acknowledged" message shows as `<trigger>.unacknowledged`. (Each SMS has
 * its email twin on channel 'email'.)
 */
export function alertsOf(calls: RecordedCall[], c: OpenedCase, channel: 'sms' | 'email' = 'sms'): [number, string, string][] {
  return calls
    .filter((call) => call.name === 'deliverToContact' && call.input.caseCode === c.caseCode && call.input.channel === channel)
    .map(({ at, input }) => [
      hoursAfter(c.t0, at),
      input.contactId,
      input.kind === 'unacknowledged' ? `${input.trigger}.unacknowledged` : input.trigger,
    ]);
}

/**
 * Expects rows whose numbers are hours after t0, allowing one second either way: the server runs
 * a workflow task right after its timer fires, and an event recorded "now" lands just after the
 * instant the test slept to. Close numbers are shown as expected, so a failure diffs only real changes.
 */
export function expectWithinASecond(actual: readonly (readonly unknown[])[], expected: readonly (readonly unknown[])[]): void {
  const close = (a: unknown, e: unknown) => typeof a === 'number' && typeof e === 'number' && Math.abs(a - e) * HOUR < 1000;
  expect(actual.map((row, i) => row.map((value, j) => (close(value, expected[i]?.[j]) ? expected[i][j] : value)))).toEqual(expected);
}

/**
 * A CRITICAL case assessed on time every day: the caseworker records the assessment 1 h after
 * each first reminder. CRITICAL is due 24 h after an assessment with a 2 h lead, so the reminder
 * comes 22 h after it and the next assessment 23 h after it: at t0 + 23 h, 46 h, 69 h, ...
 * Returns how many assessments were recorded within `days` of identification.
 */
export async function assessCriticalCaseDaily(bed: Testbed, { handle, t0 }: OpenedCase, days: number): Promise<number> {
  let count = 0;
  for (let at = t0 + 23 * HOUR; at <= t0 + days * DAY; at += 23 * HOUR) {
    await sleepUntil(bed.env, at);
    await handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel: 'CRITICAL', measures: ['DAILY_CHECK_IN'] }] });
    count++;
  }
  return count;
}

/**
 * What assessCriticalCaseDaily's caseworker receives for `assessments` assessments: one reminder
 * 2 h before each deadline (22 h after identification, then 22 h after each assessment), never a
 * second reminder, never an escalation.
 */
export function criticalCadenceNotices(assessments: number): Notice[] {
  return Array.from({ length: assessments }, (_, k) => [22 + 23 * k, 'reminder → worker-1', 24 + 23 * k, k === 0 ? 'new-case' : 'base']);
}

type History = temporal.api.history.v1.IHistory;

/** The history of every run of a workflow, first to latest, following its continue-as-new chain. */
export async function runHistories(client: Client, workflowId: string, firstRunId: string): Promise<History[]> {
  const histories = [];
  for (let runId: string | null | undefined = firstRunId; runId;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(history);
    runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
  }
  return histories;
}

export const HISTORIES_DIR = path.resolve(__dirname, '../histories');

/** A history as test/histories keeps it: replay needs the real workflow id, which the case's alert ids contain. */
export interface RecordedHistory {
  name: string;
  workflowId: string;
  history: History;
}

/**
 * With VIGIL_RECORD_HISTORIES=1, writes the workflow's history to test/histories/<name>.json for
 * the replay test, so the committed histories come from the scenarios the tests assert.
 * The history is in protobufjs's own JSON form (what `JSON.stringify` gives): the SDK's
 * historyToJSON and historyFromJSON throw "type must be a Type" in this install, where
 * @temporalio/common and @temporalio/proto each carry their own copy of protobufjs 8.
 */
export async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!process.env.VIGIL_RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const recorded = { workflowId: handle.workflowId, history: await handle.fetchHistory() };
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(recorded, null, 1)}\n`);
}

/** The histories recordHistory wrote, by file name. */
export function recordedHistories(): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => {
      const { workflowId, history } = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
      return { name: path.basename(file, '.json'), workflowId, history: temporal.api.history.v1.History.fromObject(history) };
    });
}

/** A raw history as text, payload bytes as UTF-8 (base64 in a fetched history): what is in clear shows. */
export function historyText(history: unknown): string {
  return JSON.stringify(history, (key, value) =>
    value instanceof Uint8Array
      ? Buffer.from(value).toString('utf8')
      : key === 'data' && typeof value === 'string'
        ? Buffer.from(value, 'base64').toString('utf8')
        : value,
  );
}

/** The same, each encrypted payload first decoded with the tests' key: what the workflows themselves saw. */
export async function decodedHistoryText(history: temporal.api.history.v1.IHistory): Promise<string> {
  const payloads: temporal.api.common.v1.IPayload[] = [];
  const collect = (value: unknown): void => {
    if (!value || typeof value !== 'object' || value instanceof Uint8Array) return;
    if ('metadata' in value && 'data' in value) payloads.push(value as temporal.api.common.v1.IPayload);
    else Object.values(value).forEach(collect);
  };
  collect(history);
  for (const payload of payloads) Object.assign(payload, (await testCodec.decode([payload as Payload]))[0]);
  return historyText(history);
}
