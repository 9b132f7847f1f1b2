/** Asking many case workflows at once: a few at a time, a silent one left out rather than failing the list. */
import type { Client } from '@temporalio/client';
import type { CaseRecord } from '../domain/case-events';
import type { Case } from '../generated/prisma/client';
import type { Logger } from '../platform/logger';
import { caseStateQuery } from '../workflows/case-messages';

/** `task` on every item, a few at a time: an organisation may have thousands of cases. */
export async function inBatches<T, R>(items: T[], task: (item: T) => Promise<R>, width = 16): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  return results;
}

/**
 * Each case's live record, by case id (a few workflows at a time). A case whose workflow does not
 * answer is left out, logged, rather than failing a whole list or calendar.
 */
export async function caseRecords(
  { temporal, log }: { temporal: Client; log: Logger },
  cases: Pick<Case, 'id' | 'workflowId'>[],
): Promise<Map<string, CaseRecord>> {
  const records = await inBatches(cases, (c) =>
    temporal.workflow
      .getHandle(c.workflowId)
      .query(caseStateQuery)
      .then(
        ({ record }) => [[c.id, record] as const],
        (error) => {
          log.warn({ caseId: c.id, err: error }, 'case workflow did not answer; left out of the schedule');
          return [];
        },
      ),
  );
  return new Map(records.flat());
}
