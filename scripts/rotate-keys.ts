/**
 * `npm run keys:rotate`: re-encrypts every encrypted column under VIGIL_DATA_KEY, reading older
 * values with VIGIL_DATA_KEYS_PREVIOUS. Runs beside the API and the worker (on DATABASE_URL; the
 * embedded database only while `npm start` is stopped). Ctrl-C stops after the batch in flight;
 * running it again continues. Once it reports nothing left, the previous keys can be removed.
 *
 * Exit 0: everything is under the current key; 1: values remain that no configured key reads
 * (named by table, column and row id), or the run was interrupted.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createFieldCipher, keyId } from '../platform/field-encryption';
import { reencryptAll } from '../platform/key-rotation';
import { runCommand } from './command';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.dataKey) {
    throw new ConfigError(
      'VIGIL_DATA_KEY',
      'must be set to the new key (npm run --silent keys:generate), with the old one in VIGIL_DATA_KEYS_PREVIOUS',
    );
  }
  const cipher = createFieldCipher(config.dataKey, config.previousDataKeys);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'postgres') });
  const stop = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('stopping after the batch in flight; run again to continue\n');
    stop.abort();
  });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`re-encrypting under key ${cipher.currentKeyId}; previous keys: ${config.previousDataKeys.map(keyId).join(', ') || 'none'}`);
  const started = Date.now();
  try {
    const result = await reencryptAll(database.prisma, cipher, {
      signal: stop.signal,
      onProgress: (p) =>
        say(
          `${p.column}: ${p.reencrypted + p.changedMeanwhile + p.unreadable} of ${p.pending} done ` +
            `(${p.reencrypted} re-encrypted, ${p.changedMeanwhile} changed meanwhile, ${p.unreadable} unreadable)`,
        ),
    });
    const seconds = (Date.now() - started) / 1000;
    say(
      `${result.reencrypted} values re-encrypted in ${seconds.toFixed(1)} s (${Math.round(result.reencrypted / Math.max(seconds, 0.001))} per second)`,
    );
    for (const u of result.unreadable) say(`unreadable: ${u.column} row ${u.id}: ${u.problem}`);
    if (!result.complete) {
      say('interrupted: run `npm run keys:rotate` again to continue');
      return 1;
    }
    if (result.unreadable.length > 0) {
      say(
        `${result.unreadable.length} values do not decrypt with any configured key: add their key to VIGIL_DATA_KEYS_PREVIOUS and run again`,
      );
      return 1;
    }
    say(
      'done: every encrypted value is under the current key; keep the previous keys until no open workflow started before the rotation (docs/data-protection.md)',
    );
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main, 'keys:rotate cannot run');
