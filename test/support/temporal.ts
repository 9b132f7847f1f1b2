/** Temporal test fixtures: the time-skipping server, a shared workflow bundle, recording activities. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { registerSearchAttributes } from '../../platform/temporal';

// Workers log state changes at INFO; tests want only what went wrong.
Runtime.install({ logger: new DefaultLogger('WARN') });

/** The time-skipping server, with Vigil's search attributes registered (it refuses unknown ones). */
export async function timeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = process.env.VIGIL_TEST_SERVER;
  if (!path) throw new Error('VIGIL_TEST_SERVER is unset: run the tests through jest (test/global-setup.ts provisions it)');
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

let bundle: Promise<WorkflowBundle> | undefined;
/** Bundling takes seconds; one bundle serves every worker of a test file. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return bundle;
}

const quietLogger = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };

export interface RecordedCall {
  name: keyof Activities;
  /** Simulated time at which the activity ran. */
  at: string;
  input: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Activities that record what the workflows asked for, at which simulated time, instead of
 * writing SQL and sending messages: the workflow tests assert timings and recipients.
 */
export function recordingActivities(env: TestWorkflowEnvironment): { activities: Activities; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const record = (name: keyof Activities) => async (input: unknown) => {
    calls.push({ name, at: new Date(await env.currentTimeMs()).toISOString(), input });
  };
  const activities: Activities = {
    recordCaseTimeline: record('recordCaseTimeline'),
    notifyReassessmentDue: record('notifyReassessmentDue'),
    deliverUrgentAlert: record('deliverUrgentAlert'),
  };
  return { activities, calls };
}
