/**
 * Version 2 of workflows/deadline-steps.ts, for the rolling-upgrade test only: before the due
 * steps of a turn run, a 1 ms timer (a command version 1 never gave). `guarded.ts` and
 * `unguarded.ts` choose whether that change is behind patched('cluster-upgrade-pause').
 */
import { patched, sleep } from '@temporalio/workflow';
import { runDueSteps as runDueStepsV1, untilNextStep, type Step } from '../../../workflows/deadline-steps';
import { GUARDED } from './guard';

export { untilNextStep, type Step };
export const UPGRADE_PATCH = 'cluster-upgrade-pause';

export async function runDueSteps(steps: Step[], done: Set<string>, now: number): Promise<Step[] | null> {
  const due = steps.some((s) => !done.has(s.key) && s.at <= now);
  if (due && (!GUARDED || patched(UPGRADE_PATCH))) await sleep(1);
  return runDueStepsV1(steps, done, now);
}
