/**
 * `npm run --silent keys:generate`: a fresh data key (32 random bytes, base64) on stdout, the only
 * place Vigil ever prints a key; how to put it in use on stderr, so `$(...)` captures the key alone.
 */
import { randomBytes } from 'node:crypto';
import { keyId } from '../platform/field-encryption';

const key = randomBytes(32);
process.stdout.write(`${key.toString('base64')}\n`);
process.stderr.write(
  `key id ${keyId(key)}. To rotate: set it as VIGIL_DATA_KEY, add the old key to VIGIL_DATA_KEYS_PREVIOUS, ` +
    'restart the worker and the API, run `npm run keys:rotate`, then remove the old key.\n',
);
