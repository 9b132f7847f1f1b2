/**
 * Rotating the payload key of a running case: what key 1 wrote stays readable while key 1 is
 * kept beside the new current key 2, new payloads use key 2, and a history still holding key-1
 * payloads fails loudly (never in clear) once key 1 is gone: keep a payload key until no open
 * workflow's history holds payloads it wrote (docs/data-protection.md, "Rotating keys").
 */
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { keyId } from '../../platform/field-encryption';
import { createPayloadCodec, payloadKey, vigilDataConverter } from '../../platform/payload-codec';
import { createVigilWorker } from '../../worker/worker';
import { caseLifecycleWorkflow } from '../../workflows';
import { caseStateQuery, caseWorkflowId, contactsChangedSignal } from '../../workflows/case-messages';
import { recordingActivities } from '../support/recording-worker';
import { timeSkippingEnvironment, workflowBundle } from '../support/time-skipping';

const key1 = Buffer.alloc(32, 11);
const key2 = Buffer.alloc(32, 12);
const taskQueue = 'payload-rotation';
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await timeSkippingEnvironment();
});
afterAll(async () => {
  await env?.teardown();
});

const clientWith = (codec: ReturnType<typeof createPayloadCodec>) =>
  new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter: vigilDataConverter(codec) });

const keyIdsIn = (history: unknown): string[] =>
  JSON.stringify(history)
    .match(/"encryption-key-id":"[^"]+"/g)!
    .map((m) => Buffer.from(JSON.parse(`{${m}}`)['encryption-key-id'], 'base64').toString());

test('a case started under key 1 runs on once key 2 is current; without key 1 its history fails loudly', async () => {
  const caseId = `rotation-${Date.now()}`;
  const workflowId = caseWorkflowId('org-1', caseId);
  // Started by a client still on key 1 (the deployment before the rotation).
  await clientWith(createPayloadCodec(key1)).workflow.start(caseLifecycleWorkflow, {
    taskQueue,
    workflowId,
    args: [
      {
        caseId,
        organisationId: 'org-1',
        caseCode: 'BG-ROT-1',
        identifiedAt: new Date(await env.currentTimeMs()).toISOString(),
        riskLevel: 'HIGH',
        contacts: { caseworkerId: 'worker-1', coordinatorId: 'coord-1', designatedContactIds: [] },
      },
    ],
  });

  // After the rotation: key 2 current, key 1 kept for what it wrote.
  const rotated = createPayloadCodec(key2, [key1]);
  const { activities } = recordingActivities(env, { chains: new Map(), unreachable: new Set(), quietHours: new Map() });
  const worker = await createVigilWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities,
    codec: rotated,
    workflowBundle: await workflowBundle(),
  });
  await worker.runUntil(async () => {
    const handle = clientWith(rotated).workflow.getHandle<typeof caseLifecycleWorkflow>(workflowId);
    expect((await handle.query(caseStateQuery)).record.riskLevel).toBe('HIGH');
    await handle.signal(contactsChangedSignal, { caseworkerId: 'worker-2', coordinatorId: 'coord-1', designatedContactIds: [] });
    expect((await handle.query(caseStateQuery)).contacts.caseworkerId).toBe('worker-2');
  });

  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  expect(new Set(keyIdsIn(history))).toEqual(new Set([keyId(payloadKey(key1)), keyId(payloadKey(key2))]));

  const replayWith = async (codec: ReturnType<typeof createPayloadCodec>) =>
    Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: vigilDataConverter(codec) }, history, workflowId);
  await expect(replayWith(rotated)).resolves.toBeUndefined();
  // Key 1 removed while a history still holds its payloads: the workflow task fails (its reason is
  // itself an encrypted failure; test/platform/payload-codec.test.ts shows the message naming the key).
  await expect(replayWith(createPayloadCodec(key2))).rejects.toThrow('Replay failed due workflow task failure');
});
