/**
 * Encryption of sensitive free text in the database (assessment notes, incident descriptions):
 * AES-256-GCM with a key from configuration (VIGIL_DATA_KEY). A stored value reads
 *
 *   v1.<key id>.<iv>.<ciphertext>.<tag>        (base64url parts)
 *
 * The key id (derived from the key, not secret) says which key wrote a value, so keys can be
 * rotated later: new values use the current key, old ones are read with the key they name.
 * Each value is bound to where it belongs (additional authenticated data, e.g.
 * `assessments.notes:<case id>`), so a ciphertext copied to another row or case does not decrypt.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export class FieldDecryptionError extends Error {}

/** Public, stable name of a key: the first 8 bytes of its SHA-256, hex. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A 32-byte key from its base64 text; the message names what is wrong, never the key. */
export function parseDataKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== text.trim()) {
    throw new Error(`must be ${KEY_BYTES} random bytes in base64 (e.g. the output of \`openssl rand -base64 32\`)`);
  }
  return key;
}

export interface FieldCipher {
  /** Id of the key that encrypts: stored values not prefixed `v1.<currentKeyId>.` await re-encryption. */
  readonly currentKeyId: string;
  encrypt(plaintext: string, context: string): string;
  decrypt(stored: string, context: string): string;
}

/**
 * `current` encrypts; it and `previous` keys decrypt. Keys are raw 32-byte buffers.
 */
export function createFieldCipher(current: Buffer, previous: Buffer[] = []): FieldCipher {
  const keys = new Map(
    [current, ...previous].map((key) => {
      if (key.length !== KEY_BYTES) throw new Error(`a data key must be ${KEY_BYTES} bytes`);
      return [keyId(key), key] as const;
    }),
  );
  const currentId = keyId(current);
  return {
    currentKeyId: currentId,
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        currentId,
        iv.toString('base64url'),
        ciphertext.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    decrypt(stored, context) {
      const [version, id, iv, ciphertext, tag, extra] = stored.split('.');
      if (version !== VERSION || tag === undefined || extra !== undefined) throw new FieldDecryptionError('not a v1 encrypted field');
      const key = keys.get(id);
      if (!key) throw new FieldDecryptionError(`encrypted with key ${id}, which is not configured`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldDecryptionError('the encrypted field was altered or belongs elsewhere');
      }
    },
  };
}

/**
 * For `npm start` on embedded defaults: the key kept in `<dataDir>/data-key` (0600), created
 * on first start. Returns whether it was created, so start-up can say so.
 */
export function loadOrCreateDataKey(dataDir: string): { key: Buffer; file: string; created: boolean } {
  const file = path.join(dataDir, 'data-key');
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    try {
      return { key: parseDataKey(readFileSync(file, 'utf8')), file, created: false };
    } catch (error) {
      throw new Error(`${file} ${(error as Error).message}`);
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(KEY_BYTES);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, file, created: true };
}
