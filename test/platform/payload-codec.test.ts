/** The payload codec: what the Temporal server stores, key rotation, and loud failures. */
import { createCipheriv } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { keyId } from '../../platform/field-encryption';
import { createPayloadCodec, ENCRYPTED_ENCODING, payloadKey, PayloadDecryptionError } from '../../platform/payload-codec';

const key1 = Buffer.alloc(32, 1);
const key2 = Buffer.alloc(32, 2);
const SECRET = { caseCode: 'BG-4769', note: 'Jelena Petrović, Ulica Kralja Petra 12' };
const text = (payload: Payload) => Buffer.from(payload.data ?? []).toString('latin1');
const metadata = (payload: Payload, name: string) => Buffer.from(payload.metadata?.[name] ?? []).toString();
const plain = () => defaultPayloadConverter.toPayload(SECRET);

test('encoded payloads hold ciphertext tagged with the key id, and decode to the original', async () => {
  const codec = createPayloadCodec(key1);
  const [encoded] = await codec.encode([plain()]);
  expect(metadata(encoded, 'encoding')).toBe(ENCRYPTED_ENCODING);
  expect(metadata(encoded, 'encryption-key-id')).toBe(keyId(payloadKey(key1)));
  expect(text(encoded)).not.toContain('BG-4769');
  expect(text(encoded)).not.toContain('Petrović');
  const [decoded] = await codec.decode([encoded]);
  expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(SECRET);
});

test('the payload key is derived: its id differs from the data key id, so a database value never decrypts as a payload', () => {
  expect(keyId(payloadKey(key1))).not.toBe(keyId(key1));
  expect(payloadKey(key1).equals(payloadKey(key2))).toBe(false);
});

test('each encoding uses a fresh IV: the same payload twice gives two ciphertexts', async () => {
  const codec = createPayloadCodec(key1);
  const [a, b] = await codec.encode([plain(), plain()]);
  expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
});

test('rotation: key 1 payloads still decode once key 2 is current; new payloads use key 2; without key 1 they fail loudly', async () => {
  const [underKey1] = await createPayloadCodec(key1).encode([plain()]);
  const rotated = createPayloadCodec(key2, [key1]);
  expect(defaultPayloadConverter.fromPayload((await rotated.decode([underKey1]))[0])).toEqual(SECRET);
  const [underKey2] = await rotated.encode([plain()]);
  expect(metadata(underKey2, 'encryption-key-id')).toBe(keyId(payloadKey(key2)));

  const key1Removed = createPayloadCodec(key2);
  expect(defaultPayloadConverter.fromPayload((await key1Removed.decode([underKey2]))[0])).toEqual(SECRET);
  await expect(key1Removed.decode([underKey1])).rejects.toThrow(PayloadDecryptionError);
  await expect(key1Removed.decode([underKey1])).rejects.toThrow(`key ${keyId(payloadKey(key1))}, which is not configured`);
});

test('an altered or truncated payload fails; nothing comes back in clear', async () => {
  const codec = createPayloadCodec(key1);
  const [encoded] = await codec.encode([plain()]);
  const flipped = Buffer.from(encoded.data!);
  flipped[20] ^= 1;
  await expect(codec.decode([{ ...encoded, data: flipped }])).rejects.toThrow('was altered');
  await expect(codec.decode([{ ...encoded, data: Buffer.alloc(10) }])).rejects.toThrow('truncated');
  await expect(codec.decode([{ metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING) }, data: encoded.data }])).rejects.toThrow(
    'key (none), which is not configured',
  );
});

test('payloads written before the codec existed (no encrypted encoding) decode as they are', async () => {
  const legacy = plain();
  expect(await createPayloadCodec(key1).decode([legacy])).toEqual([legacy]);
});

test('each payload is bound to the organisation its workflow id names; relabelled, it does not decrypt', async () => {
  const codec = createPayloadCodec(key1);
  const context = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });
  const [ofA] = await codec.encode([plain()], context('organisation-A/case-1'));
  const [ofAlert] = await codec.encode([plain()], {
    type: 'activity',
    namespace: 'default',
    workflowId: 'organisation-A/case-1/alert/3',
    isLocal: false,
  });
  const [unbound] = await codec.encode([plain()], context('case-legacy'));
  expect([ofA, ofAlert, unbound].map((p) => codec.organisationOf(p))).toEqual(['A', 'A', null]);
  for (const payload of [ofA, ofAlert, unbound])
    expect(defaultPayloadConverter.fromPayload((await codec.decode([payload]))[0])).toEqual(SECRET);
  const relabelled = { ...ofA, metadata: { ...ofA.metadata, 'encryption-scope': Buffer.from('organisation/B') } };
  await expect(codec.decode([relabelled])).rejects.toThrow('was altered');
  const [forB] = await codec.encodeFor('B', [plain()]);
  expect(codec.organisationOf(forB)).toBe('B');
});

test('payloads written before they were bound to organisations (v1) still decode in workers', async () => {
  const key = payloadKey(key1);
  const iv = Buffer.alloc(12, 7);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('vigil/temporal-payload/v1'));
  const body = temporal.api.common.v1.Payload.encode(plain()).finish();
  const data = Buffer.concat([iv, cipher.update(body), cipher.final(), cipher.getAuthTag()]);
  const v1 = { metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), 'encryption-key-id': Buffer.from(keyId(key)) }, data };
  const codec = createPayloadCodec(key1);
  expect(codec.organisationOf(v1)).toBeNull();
  expect(defaultPayloadConverter.fromPayload((await codec.decode([v1]))[0])).toEqual(SECRET);
});
