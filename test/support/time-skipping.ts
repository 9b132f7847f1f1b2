/** The time-skipping test server (workflow tests) and the one workflow bundle a test file's workers share. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundle } from '@temporalio/worker';
import { log } from '../../platform/logger';
import { vigilDataConverter } from '../../platform/payload-codec';
import { registerSearchAttributes } from '../../platform/temporal';
import { bundleWorkflows, installTemporalRuntime } from '../../worker/worker';
import { testCodec } from './codec';

/**
 * How late a timer's work may show and still be on time. The time-skipping server stands still
 * only while a workflow waits on a timer; the workflow task, the activity and the test's own calls
 * after it take real time, which on a loaded 2-core machine is seconds. Deadlines are hours apart.
 */
export const ON_TIME_MS = 5_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

installTemporalRuntime(log);

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

/** Lets simulated time run up to `ms` (epoch); a no-op when it is already past. */
export async function sleepUntil(env: TestWorkflowEnvironment, ms: number): Promise<void> {
  const left = ms - (await env.currentTimeMs());
  if (left > 0) await env.sleep(left);
}
