/**
 * How the long-lived workflows (a case, an organisation's self-assessment) keep their schedule:
 * the steps (reminders, escalations, notices held by quiet hours) are recomputed from state on
 * every turn, and each key runs once. Deterministic: workflow code only.
 */
import { condition } from '@temporalio/workflow';
import { logPermanentFailure } from './permanent-failures';

export interface Step {
  /** Names the step for `done`: each key runs once. */
  key: string;
  at: number;
  run: () => Promise<void>;
  /** Of several reminders due at once (after a pause or a shorter interval), only the last is sent. */
  reminder?: boolean;
}

/**
 * Forgets the keys of steps that no longer exist (so `done` stays small), then runs the steps due
 * at `now`, one at a time; of several reminders due at once, only the last. Answers the steps still
 * pending when none was due, else null: the caller recomputes its steps first.
 */
export async function runDueSteps(steps: Step[], done: Set<string>, now: number): Promise<Step[] | null> {
  for (const key of done) if (!steps.some((s) => s.key === key)) done.delete(key);
  const pending = steps.filter((s) => !done.has(s.key));
  const due = pending.filter((s) => s.at <= now);
  if (due.length === 0) return pending;
  const lastReminder = due.filter((s) => s.reminder).pop();
  for (const step of due) {
    done.add(step.key);
    if (step.reminder && step !== lastReminder) continue;
    // A step that can never succeed is dropped, not allowed to end the schedule.
    await step.run().catch(logPermanentFailure(`step ${step.key.split('/')[0]}`));
  }
  return null;
}

/** Waits for `changed`, or until the earliest pending step is due; with nothing pending, for `changed` only. */
export async function untilNextStep(pending: Step[], changed: () => boolean, now: number): Promise<void> {
  const next = Math.min(...pending.map((s) => s.at));
  if (Number.isFinite(next)) await condition(changed, next - now);
  else await condition(changed);
}
