/** The tests' encryption: their data key, the payload codec of every test client and worker, and histories read in clear. */
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createPayloadCodec } from '../../platform/payload-codec';

/** The key of encrypted fields and payloads in tests (never a production key). */
export const TEST_DATA_KEY = Buffer.alloc(32, 7);
/** Every test client and worker encrypts payloads, as production does. */
export const testCodec = createPayloadCodec(TEST_DATA_KEY);

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
