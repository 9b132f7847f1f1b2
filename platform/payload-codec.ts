/**
 * Encryption of everything Vigil hands to Temporal: workflow and activity inputs and results,
 * update and signal arguments, query answers, memos and failure messages. The Temporal server,
 * and whoever operates it, stores only ciphertext.
 *
 * Each payload is serialised, encrypted with AES-256-GCM and wrapped in a payload whose metadata
 * says `encoding: binary/encrypted` and which key (by its public id) wrote it. The payload key is
 * derived from each data key (VIGIL_DATA_KEY and the previous keys kept for rotation), so one
 * secret serves the database fields and Temporal without the two ever sharing a key: the newest
 * encrypts, every configured key decrypts. A payload naming a key that is not configured, or
 * altered on the way, fails decoding with an error: nothing is ever handed over in clear instead.
 *
 * Payloads without the encrypted encoding (histories written before the codec existed) decode
 * as they are, which is how Temporal codecs are introduced into running systems.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { keyId } from './field-encryption';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds ciphertexts to this use: a database field copied into a payload does not decrypt. */
const AAD = Buffer.from('vigil/temporal-payload/v1');

export class PayloadDecryptionError extends Error {}

/** The payload key of a data key: HKDF-SHA-256 with its own label. */
export function payloadKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'vigil/temporal-payloads/v1', 32));
}

/** `current` (a data key) encrypts; it and `previous` decrypt. */
export function createPayloadCodec(current: Buffer, previous: Buffer[] = []): PayloadCodec & { keyId: string } {
  const keys = new Map([current, ...previous].map((dataKey) => payloadKey(dataKey)).map((key) => [keyId(key), key] as const));
  const [currentId, currentKey] = keys.entries().next().value as [string, Buffer];
  const utf8 = (text: string) => Buffer.from(text, 'utf8');

  function encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
    cipher.setAAD(AAD);
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID]: utf8(currentId) }, data };
  }

  function decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding && Buffer.from(payload.metadata.encoding).toString('utf8');
    if (encoding !== ENCRYPTED_ENCODING) return payload;
    const rawId = payload.metadata?.[KEY_ID];
    const id = rawId ? Buffer.from(rawId).toString('utf8') : '(none)';
    const key = keys.get(id);
    if (!key)
      throw new PayloadDecryptionError(
        `payload encrypted with key ${id}, which is not configured (VIGIL_DATA_KEY / VIGIL_DATA_KEYS_PREVIOUS)`,
      );
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(AAD);
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    } catch {
      throw new PayloadDecryptionError(`encrypted payload (key ${id}) was altered or is not a Vigil payload`);
    }
  }

  return {
    keyId: currentId,
    async encode(payloads) {
      return payloads.map(encrypt);
    },
    async decode(payloads) {
      return payloads.map(decrypt);
    },
  };
}

/** Where the failure converter lives; workflow bundles must be built with it too. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The data converter every Vigil client and worker uses: payloads through the codec, and failure
 * messages and stack traces moved into (encrypted) payloads.
 */
export function vigilDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}
