/**
 * What a workflow does with an activity that failed for good (activities/failures.ts makes the
 * failures no retry can heal non-retryable): it logs the failure, with the workflow id the SDK's
 * logger adds and no data, and carries on. Any other error is thrown on.
 *
 * Before those failures existed every activity here retried without end, so no recorded history
 * holds one: catching them changes no replay.
 */
import { ActivityFailure, ApplicationFailure, log } from '@temporalio/workflow';

export function logPermanentFailure(what: string): (error: unknown) => void {
  return (error) => {
    // A remote activity's failure is wrapped in an ActivityFailure; a local one's arrives as it is.
    const failure = error instanceof ActivityFailure ? error.cause : error;
    if (!(failure instanceof ApplicationFailure)) throw error;
    log.error(`${what}: the activity failed for good, the workflow goes on`, { type: failure.type, failure: failure.message });
  };
}
