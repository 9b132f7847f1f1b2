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
 * Every payload is also bound to the organisation that owns its workflow (the workflow id names
 * it: domain/workflow-ids.ts): its key is derived from the payload key and the organisation, so
 * the codec endpoint, which decrypts only the caller's organisation's payloads, cannot be made
 * to decrypt another's by whatever shape or metadata a payload is given.
 *
 * Payloads without the encrypted encoding (histories written before the codec existed) decode
 * as they are, which is how Temporal codecs are introduced into running systems.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { organisationOfWorkflowId } from '../domain/workflow-ids';
import { keyId } from './field-encryption';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
/** Whose payload this is: `organisation/<id>`, or `installation` (no organisation). Absent before v2. */
const SCOPE = 'encryption-scope';
const INSTALLATION = 'installation';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Binds v1 ciphertexts (no scope, written before payloads were bound to organisations) to this use. */
const AAD_V1 = Buffer.from('vigil/temporal-payload/v1');

export class PayloadDecryptionError extends Error {}

/** The payload key of a data key: HKDF-SHA-256 with its own label. */
export function payloadKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'vigil/temporal-payloads/v1', 32));
}

/** One key per scope, derived from a payload key: a payload decrypts only under its own scope's key. */
function scopeKey(key: Buffer, scope: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `vigil/temporal-payloads/v2/${scope}`, 32));
}

const scopeOf = (organisationId: string | null) => (organisationId ? `organisation/${organisationId}` : INSTALLATION);

/** The organisation whose workflow (or whose workflow's activity) a payload belongs to. */
const organisationOfContext = (context?: SerializationContext) => organisationOfWorkflowId(context?.workflowId);

export interface VigilPayloadCodec extends PayloadCodec {
  keyId: string;
  /** Encrypts for one organisation, or for none (the codec endpoint's `encode`). */
  encodeFor(organisationId: string | null, payloads: Payload[]): Promise<Payload[]>;
  /** The organisation an encrypted payload is bound to, if any (authenticated when it is decrypted). */
  organisationOf(payload: Payload): string | null;
}

/**
 * `current` (a data key) encrypts; it and `previous` decrypt. Each payload is encrypted under the
 * key of the organisation named by the workflow id in Temporal's serialization context, and says
 * so in its metadata: changing that metadata only makes decryption fail.
 */
export function createPayloadCodec(current: Buffer, previous: Buffer[] = []): VigilPayloadCodec {
  const keys = new Map([current, ...previous].map((dataKey) => payloadKey(dataKey)).map((key) => [keyId(key), key] as const));
  const [currentId, currentKey] = keys.entries().next().value as [string, Buffer];
  const derived = new Map<string, Buffer>();
  const keyFor = (id: string, key: Buffer, scope: string) => {
    const name = `${id} ${scope}`;
    if (!derived.has(name)) derived.set(name, scopeKey(key, scope));
    return derived.get(name)!;
  };
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  const meta = (payload: Payload, name: string) => {
    const value = payload.metadata?.[name];
    return value ? Buffer.from(value).toString('utf8') : undefined;
  };

  function encrypt(payload: Payload, organisationId: string | null): Payload {
    const scope = scopeOf(organisationId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', keyFor(currentId, currentKey, scope), iv);
    cipher.setAAD(utf8(scope));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID]: utf8(currentId), [SCOPE]: utf8(scope) }, data };
  }

  function decrypt(payload: Payload): Payload {
    if (meta(payload, 'encoding') !== ENCRYPTED_ENCODING) return payload;
    const id = meta(payload, KEY_ID) ?? '(none)';
    const key = keys.get(id);
    if (!key)
      throw new PayloadDecryptionError(
        `payload encrypted with key ${id}, which is not configured (VIGIL_DATA_KEY / VIGIL_DATA_KEYS_PREVIOUS)`,
      );
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
    const scope = meta(payload, SCOPE);
    try {
      const decipher = createDecipheriv('aes-256-gcm', scope ? keyFor(id, key, scope) : key, data.subarray(0, IV_BYTES));
      decipher.setAAD(scope ? utf8(scope) : AAD_V1);
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    } catch {
      throw new PayloadDecryptionError(`encrypted payload (key ${id}) was altered or is not a Vigil payload`);
    }
  }

  return {
    keyId: currentId,
    async encode(payloads, context) {
      const organisationId = organisationOfContext(context);
      return payloads.map((payload) => encrypt(payload, organisationId));
    },
    async encodeFor(organisationId, payloads) {
      return payloads.map((payload) => encrypt(payload, organisationId));
    },
    async decode(payloads) {
      return payloads.map(decrypt);
    },
    organisationOf(payload) {
      const scope = meta(payload, SCOPE);
      return scope?.startsWith('organisation/') ? scope.slice('organisation/'.length) : null;
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
