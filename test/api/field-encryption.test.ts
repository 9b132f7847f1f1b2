/** AES-256-GCM field encryption: round trip, binding to its place, tampering, key rotation, the key file. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFieldCipher, FieldDecryptionError, keyId, loadOrCreateDataKey, parseDataKey } from '../../platform/field-encryption';

const key = Buffer.alloc(32, 1);
const nextKey = Buffer.alloc(32, 2);
const CONTEXT = 'assessments.notes:case-1';

test('round trip; the stored value names its key and never holds the text', () => {
  const cipher = createFieldCipher(key);
  const stored = cipher.encrypt('Threatened at the bus station, ćčžšđ', CONTEXT);
  expect(stored).toMatch(new RegExp(`^v1\\.${keyId(key)}\\.[\\w-]{16}\\.[\\w-]+\\.[\\w-]{22}$`));
  expect(stored).not.toContain('Threatened');
  expect(cipher.decrypt(stored, CONTEXT)).toBe('Threatened at the bus station, ćčžšđ');
  // A fresh IV each time: equal texts do not give equal ciphertexts.
  expect(cipher.encrypt('same', CONTEXT)).not.toBe(cipher.encrypt('same', CONTEXT));
});

test('a value moved to another case or column, or altered, does not decrypt', () => {
  const cipher = createFieldCipher(key);
  const stored = cipher.encrypt('notes', CONTEXT);
  expect(() => cipher.decrypt(stored, 'assessments.notes:case-2')).toThrow(FieldDecryptionError);
  expect(() => cipher.decrypt(stored, 'incidents.description:case-1')).toThrow(FieldDecryptionError);
  const parts = stored.split('.');
  parts[3] = Buffer.from('altered').toString('base64url');
  expect(() => cipher.decrypt(parts.join('.'), CONTEXT)).toThrow(FieldDecryptionError);
  expect(() => cipher.decrypt('plain text', CONTEXT)).toThrow('not a v1 encrypted field');
});

test('rotation: a new key encrypts, the old one still decrypts what it wrote; a missing key is named', () => {
  const old = createFieldCipher(key).encrypt('old notes', CONTEXT);
  const rotated = createFieldCipher(nextKey, [key]);
  expect(rotated.decrypt(old, CONTEXT)).toBe('old notes');
  expect(rotated.encrypt('new notes', CONTEXT).split('.')[1]).toBe(keyId(nextKey));
  expect(() => createFieldCipher(nextKey).decrypt(old, CONTEXT)).toThrow(`encrypted with key ${keyId(key)}, which is not configured`);
});

test('keys are 32 bytes of base64', () => {
  expect(parseDataKey(key.toString('base64'))).toEqual(key);
  expect(() => parseDataKey(Buffer.alloc(16).toString('base64'))).toThrow('must be 32 random bytes in base64');
  expect(() => parseDataKey('not base64 at all!')).toThrow('must be 32 random bytes in base64');
});

test('npm start: the key file is created once, private to its owner, and reused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-key-'));
  try {
    const created = loadOrCreateDataKey(path.join(dir, 'data'));
    expect(created.created).toBe(true);
    expect(statSync(created.file).mode & 0o777).toBe(0o600);
    expect(parseDataKey(readFileSync(created.file, 'utf8'))).toEqual(created.key);
    expect(loadOrCreateDataKey(path.join(dir, 'data'))).toEqual({ ...created, created: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
