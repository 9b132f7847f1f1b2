/**
 * The urgent alert on its own, on the time-skipping server: the escalation chain level by level,
 * acknowledgement, a level nobody can be reached on, and the coordinator told when nobody answers.
 */
import { urgentAlertWorkflow, acknowledgeAlertSignal, alertStatusQuery, deliveryReportSignal } from '../../workflows/urgent-alert';
import { startTestbed, type Testbed } from '../support/recording-worker';

const MINUTE = 60_000;
let bed: Testbed;
beforeAll(async () => {
  bed = await startTestbed('urgent-alert-test');
});
afterAll(() => bed?.teardown());

let alertNumber = 0;
async function raise(levels: string[][], timeoutMs = 5 * MINUTE, repeats = 1) {
  const caseId = `alert-case-${++alertNumber}`;
  bed.chains.set(caseId, { levels: levels.map((contactIds) => ({ contactIds, timeoutMs })), repeats, coordinatorIds: ['coord-1'] });
  const t0 = await bed.env.currentTimeMs();
  const alertId = `${caseId}/alert/1`;
  const handle = await bed.env.client.workflow.start(urgentAlertWorkflow, {
    taskQueue: bed.taskQueue,
    workflowId: alertId,
    args: [{ alertId, caseId, caseCode: `AL-${alertNumber}`, organisationId: 'org-1', trigger: 'incident.threat' }],
  });
  /** [minutes after t0, contact, channel, kind] of every message sent so far; one level's are sent together, in any order. */
  const sent = () =>
    bed.calls
      .filter((c) => c.name === 'deliverToContact' && c.input.alertId === alertId)
      .map((c) => [Math.round((Date.parse(c.at) - t0) / MINUTE), c.input.contactId, c.input.channel, c.input.kind])
      .sort((a, b) => a[0] - b[0] || `${a[1]}${a[2]}`.localeCompare(`${b[1]}${b[2]}`));
  /** The states the SQL mirror went through, in order (it is written again after each level, with the messages sent). */
  const recorded = () =>
    bed.calls
      .filter((c) => c.name === 'recordAlert' && c.input.alertId === alertId)
      .map((c) => c.input.state)
      .filter((state, i, states) => state !== states[i - 1]);
  return { handle, sent, recorded };
}

test('nobody acknowledges: every level in turn, the chain once more, then the coordinator on every channel', async () => {
  const { handle, sent, recorded } = await raise([['police-1', 'shelter-1'], ['lawyer-1']], 5 * MINUTE, 1);
  const status = await handle.result();
  expect(status.state).toBe('UNACKNOWLEDGED');
  expect(recorded()).toEqual(['ALERTING', 'UNACKNOWLEDGED']);
  expect(sent()).toEqual([
    [0, 'police-1', 'email', 'urgent'],
    [0, 'police-1', 'sms', 'urgent'],
    [0, 'shelter-1', 'email', 'urgent'],
    [0, 'shelter-1', 'sms', 'urgent'],
    [5, 'lawyer-1', 'email', 'urgent'],
    [5, 'lawyer-1', 'sms', 'urgent'],
    [10, 'police-1', 'email', 'urgent'],
    [10, 'police-1', 'sms', 'urgent'],
    [10, 'shelter-1', 'email', 'urgent'],
    [10, 'shelter-1', 'sms', 'urgent'],
    [15, 'lawyer-1', 'email', 'urgent'],
    [15, 'lawyer-1', 'sms', 'urgent'],
    [20, 'coord-1', 'email', 'unacknowledged'],
    [20, 'coord-1', 'sms', 'unacknowledged'],
  ]);
});

test('an acknowledgement stops the chain at once and is recorded with who and how', async () => {
  const { handle, sent, recorded } = await raise([['police-1'], ['lawyer-1']]);
  await bed.env.sleep(7 * MINUTE);
  await handle.signal(acknowledgeAlertSignal, { by: 'lawyer-1', via: 'sms' });
  const status = await handle.result();
  expect(status).toMatchObject({ state: 'ACKNOWLEDGED', acknowledgement: { by: 'lawyer-1', via: 'sms' } });
  expect(recorded()).toEqual(['ALERTING', 'ACKNOWLEDGED']);
  expect(sent().map(([minute, contact]) => [minute, contact])).toEqual([
    [0, 'police-1'],
    [0, 'police-1'],
    [5, 'lawyer-1'],
    [5, 'lawyer-1'],
  ]);
  // A second acknowledgement changes nothing.
  expect((await handle.query(alertStatusQuery)).acknowledgement?.by).toBe('lawyer-1');
});

test('a level nobody can be reached on is left at once, without waiting for its timeout', async () => {
  bed.unreachable.add('nowhere-1');
  const { handle, sent } = await raise([['nowhere-1'], ['police-1']], 30 * MINUTE, 0);
  await bed.env.sleep(MINUTE);
  // Both of nowhere-1's channels were refused: police-1 is alerted in the same minute.
  expect(sent().map(([minute, contact]) => [minute, contact])).toEqual([
    [0, 'nowhere-1'],
    [0, 'nowhere-1'],
    [0, 'police-1'],
    [0, 'police-1'],
  ]);
  await handle.signal(acknowledgeAlertSignal, { by: 'police-1', via: 'api' });
  const status = await handle.result();
  expect(status.attempts.filter((a) => a.contactId === 'nowhere-1').map((a) => a.outcome)).toEqual(['FAILED', 'FAILED']);
});

test('an SMS reported undelivered counts as failed: with the email gone too, the next level at once', async () => {
  const { handle, sent } = await raise([['police-1'], ['lawyer-1']], 30 * MINUTE, 0);
  await bed.env.sleep(MINUTE);
  await handle.signal(deliveryReportSignal, { contactId: 'police-1', channel: 'sms', status: 'UNDELIVERED' });
  await bed.env.sleep(MINUTE);
  // The email to police-1 was accepted, so the level still waits for its timeout.
  expect(sent().map(([, contact]) => contact)).toEqual(['police-1', 'police-1']);
  await handle.signal(deliveryReportSignal, { contactId: 'police-1', channel: 'email', status: 'FAILED' });
  await bed.env.sleep(MINUTE);
  expect(sent().map(([minute, contact]) => [minute, contact])).toEqual([
    [0, 'police-1'],
    [0, 'police-1'],
    [2, 'lawyer-1'],
    [2, 'lawyer-1'],
  ]);
  await handle.signal(acknowledgeAlertSignal, { by: 'lawyer-1', via: 'link' });
  expect((await handle.result()).state).toBe('ACKNOWLEDGED');
});
