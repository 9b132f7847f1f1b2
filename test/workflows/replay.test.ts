/**
 * Replays the committed histories (test/histories, recorded from the case-timeline tests) against
 * the current workflow code: a change that would break running cases fails here with a
 * non-determinism error. Histories recorded before the payload codec existed hold clear payloads,
 * which the codec passes through, as it does for workflows that ran before it. After a deliberate change in command order, re-record them:
 *
 *   VIGIL_RECORD_HISTORIES=1 npx jest test/workflows/case-timeline
 */
import { Worker } from '@temporalio/worker';
import { vigilDataConverter } from '../../platform/payload-codec';
import { recordedHistories, testCodec, workflowBundle, type RecordedHistory } from '../support/temporal';

const histories = recordedHistories();
const workflowType = (h: RecordedHistory) => h.history.events?.[0].workflowExecutionStartedEventAttributes?.workflowType?.name;

test('the recorded histories cover the case workflow (hearings, release, alert; a case still running under policy version 1), urgent alerts and a missed field visit', () => {
  expect(Object.fromEntries(histories.map((h) => [h.name, workflowType(h)]))).toEqual({
    'case-lifecycle': 'caseLifecycleWorkflow',
    'case-lifecycle-v1-hearing': 'caseLifecycleWorkflow',
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
