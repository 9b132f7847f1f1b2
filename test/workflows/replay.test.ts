/**
 * Replays the committed histories (test/histories, recorded from the case-timeline tests) against
 * the current workflow code: a change that would break running cases fails here with a
 * non-determinism error. Histories recorded before the payload codec existed hold clear payloads,
 * which the codec passes through, as it does for workflows that ran before it. After a deliberate change in command order, re-record them:
 *
 *   VIGIL_RECORD_HISTORIES=1 npx jest test/workflows/case-timeline test/workflows/policy-v2
 *
 * `case-lifecycle` and `case-lifecycle-v1-hearing` were recorded under reassessment policy
 * version 1 (the second from the workflow code of that version, for a MEDIUM case with a hearing
 * whose escalations version 2 moves, stopped while running): they replay on the version 1 branch
 * kept behind patched('reassessment-policy-v2') and cannot be re-recorded. Without that guard,
 * both fail here with a non-determinism error. `case-lifecycle-upgraded-to-v2` is a case that
 * moved from version 1 to 2 while running (test/workflows/policy-v2.test.ts). `case-lifecycle`
 * is also from before patched('event-answer-before-alert'), when a release was answered only once
 * its alert had started; `case-lifecycle-answer-before-alert` is the same case recorded since.
 */
import { Worker } from '@temporalio/worker';
import { vigilDataConverter } from '../../platform/payload-codec';
import { recordedHistories, type RecordedHistory } from '../support/histories';
import { testCodec } from '../support/codec';
import { workflowBundle } from '../support/time-skipping';

const histories = recordedHistories();
const workflowType = (h: RecordedHistory) => h.history.events?.[0].workflowExecutionStartedEventAttributes?.workflowType?.name;

test('the recorded histories cover the case workflow (hearings, release, alert; policy version 1, running, and a case moved to version 2), urgent alerts and a missed field visit', () => {
  expect(Object.fromEntries(histories.map((h) => [h.name, workflowType(h)]))).toEqual({
    'case-lifecycle': 'caseLifecycleWorkflow',
    'case-lifecycle-answer-before-alert': 'caseLifecycleWorkflow',
    'case-lifecycle-v1-hearing': 'caseLifecycleWorkflow',
    'case-lifecycle-upgraded-to-v2': 'caseLifecycleWorkflow',
    'field-visit-missed': 'fieldVisitWorkflow',
    'urgent-alert-visit': 'urgentAlertWorkflow',
    'urgent-alert-acknowledged': 'urgentAlertWorkflow',
    'urgent-alert-unacknowledged': 'urgentAlertWorkflow',
  });
});

test('the current workflow code replays every recorded history without a non-determinism error', async () => {
  const results = [];
  for await (const { workflowId, error } of Worker.runReplayHistories(
    { workflowBundle: await workflowBundle(), dataConverter: vigilDataConverter(testCodec) },
    histories,
  )) {
    results.push([histories.find((h) => h.workflowId === workflowId)!.name, error?.message ?? 'replayed']);
  }
  expect(results).toEqual(histories.map((h) => [h.name, 'replayed']));
});
