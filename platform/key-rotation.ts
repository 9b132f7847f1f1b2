/**
 * Re-encryption of every encrypted column under the current data key (`npm run keys:rotate`).
 *
 * Safe to interrupt and to run beside the API and the worker:
 * - it selects only values not yet under the current key, so a second run continues where the
 *   first stopped;
 * - each batch is one UPDATE that writes a value only where the row still holds the value that
 *   was read (compare-and-set): a value rewritten meanwhile (a concurrent writer already uses the
 *   current key) is left as it is, never overwritten with the older text;
 * - a value that does not decrypt (its key is not configured, or it was altered) is reported and
 *   skipped; the run goes on and says so at the end.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from './encrypted-columns';
import { FieldDecryptionError, type FieldCipher } from './field-encryption';

export interface RotationProgress {
  /** `table.column` */
  column: string;
  /** Values of the column awaiting re-encryption when the run reached it. */
  pending: number;
  /** Totals so far in this column. */
  reencrypted: number;
  /** Rows changed by someone else between read and write: left as they are. */
  changedMeanwhile: number;
  unreadable: number;
}

export interface RotationResult {
  reencrypted: number;
  changedMeanwhile: number;
  /** Values that do not decrypt with any configured key: `table.column` and row id, and why. */
  unreadable: { column: string; id: string; problem: string }[];
  /** False when `signal` stopped the run before the end. */
  complete: boolean;
}

export interface RotationOptions {
  batchSize?: number;
  /** Checked between batches: aborting stops cleanly after the batch in flight. */
  signal?: AbortSignal;
  /** After each batch. */
  onProgress?: (progress: RotationProgress) => void;
  columns?: readonly EncryptedColumn[];
}

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

export async function reencryptAll(prisma: PrismaClient, cipher: FieldCipher, options: RotationOptions = {}): Promise<RotationResult> {
  const { batchSize = 500, signal, onProgress, columns = ENCRYPTED_COLUMNS } = options;
  // Values under the current key start with this; everything else (older keys) is selected.
  const current = `v1.${cipher.currentKeyId}.%`;
  const result: RotationResult = { reencrypted: 0, changedMeanwhile: 0, unreadable: [], complete: true };

  for (const spec of columns) {
    const { table, column, owner, key = 'id' } = spec;
    const name = `${table}.${column}`;
    const pending = await countNotUnder(prisma, spec, cipher.currentKeyId);
    const progress: RotationProgress = { column: name, pending, reencrypted: 0, changedMeanwhile: 0, unreadable: 0 };
    // Keyset pagination by id: unreadable values stay behind the cursor instead of being read again.
    let after = FIRST_UUID;
    while (pending > 0) {
      if (signal?.aborted) return { ...result, complete: false };
      const rows = await prisma.$queryRawUnsafe<{ id: string; owner: string; value: string }[]>(
        `SELECT "${key}"::text AS id, "${owner}"::text AS owner, "${column}" AS value FROM "${table}"
          WHERE "${column}" IS NOT NULL AND "${column}" NOT LIKE $1 AND "${key}" > $2::uuid ORDER BY "${key}" LIMIT $3`,
        current,
        after,
        batchSize,
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;

      const ids: string[] = [];
      const olds: string[] = [];
      const news: string[] = [];
      for (const row of rows) {
        const context = spec.context(row.owner);
        try {
          const plaintext = cipher.decrypt(row.value, context);
          ids.push(row.id);
          olds.push(row.value);
          news.push(cipher.encrypt(plaintext, context));
        } catch (error) {
          if (!(error instanceof FieldDecryptionError)) throw error;
          result.unreadable.push({ column: name, id: row.id, problem: error.message });
          progress.unreadable++;
        }
      }
      const written = ids.length
        ? await prisma.$queryRawUnsafe<{ id: string }[]>(
            `UPDATE "${table}" AS t SET "${column}" = v.new
               FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, old, new)
              WHERE t."${key}" = v.id AND t."${column}" = v.old
            RETURNING t.id`,
            ids,
            olds,
            news,
          )
        : [];
      progress.reencrypted += written.length;
      progress.changedMeanwhile += ids.length - written.length;
      result.reencrypted += written.length;
      result.changedMeanwhile += ids.length - written.length;
      onProgress?.({ ...progress });
    }
  }
  return result;
}

/** Values of a column not under the key `keyId`. */
async function countNotUnder(prisma: PrismaClient, { table, column }: EncryptedColumn, keyId: string): Promise<number> {
  const [{ n }] = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" IS NOT NULL AND "${column}" NOT LIKE $1`,
    `v1.${keyId}.%`,
  );
  return n;
}

/** Per `table.column`, the values not under the key `keyId` (what a rotation to that key has left to do). */
export async function valuesNotUnder(prisma: PrismaClient, keyId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const spec of ENCRYPTED_COLUMNS) counts[`${spec.table}.${spec.column}`] = await countNotUnder(prisma, spec, keyId);
  return counts;
}
