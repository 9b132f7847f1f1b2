/**
 * The retention job's activities (workflows/retention.ts): closed cases past their organisation's
 * `retentionYears`, each erased by services/erasure.ts.
 */
import { Context } from '@temporalio/activity';
import type { PrismaClient } from '../generated/prisma/client';
import type { Logger } from '../platform/logger';
import { eraseCase, type ErasureOutcome } from '../services/erasure';

export type { ErasureOutcome };

/** `years` calendar years before `now` (29 February falls back to 28 February). */
export function yearsBefore(now: Date, years: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  if (cutoff.getUTCDate() !== now.getUTCDate()) cutoff.setUTCDate(0);
  return cutoff;
}

/** Cases erased per run at most: a backlog is worked off over the following days. */
export const RETENTION_BATCH = 500;

export interface RetentionCandidate {
  caseId: string;
  /** The organisation's cutoff: closed before it, the case is past retention. */
  closedBefore: string;
  retentionYears: number;
}

/** The retention job's activities (workflows/retention.ts); the case workflows are terminated through the worker's client. */
export function createRetentionActivities({ prisma, log }: { prisma: PrismaClient; log: Logger }) {
  return {
    /** Closed cases past their organisation's retention at `now` (the workflow's clock), oldest first. */
    async findCasesPastRetention({ now }: { now: string }): Promise<RetentionCandidate[]> {
      const found: RetentionCandidate[] = [];
      for (const { id, retentionYears } of await prisma.organisation.findMany({ select: { id: true, retentionYears: true } })) {
        const closedBefore = yearsBefore(new Date(now), retentionYears);
        // Held while the perpetrator's last known status is detained or a release announced: the
        // case's workflow still watches for the release, which must reach someone who can act.
        const cases = await prisma.$queryRaw<{ id: string }[]>`
          select c.id from cases c
          where c."organisationId" = ${id}::uuid and c."erasedAt" is null and c."closedAt" < ${closedBefore}
            and coalesce((select e.detail->>'status' from case_timeline_entries e
                          where e."caseId" = c.id and e.kind = 'perpetrator.status' order by e.at desc limit 1), '')
                not in ('DETAINED', 'RELEASE_ANNOUNCED')
          order by c."closedAt" limit ${RETENTION_BATCH - found.length}`;
        found.push(...cases.map((c) => ({ caseId: c.id, closedBefore: closedBefore.toISOString(), retentionYears })));
        if (found.length >= RETENTION_BATCH) break;
      }
      return found;
    },

    async eraseCasePastRetention({ caseId, closedBefore, retentionYears }: RetentionCandidate): Promise<ErasureOutcome['outcome']> {
      const result = await eraseCase(
        { prisma, log, temporal: Context.current().client },
        {
          caseId,
          via: 'retention',
          requestedById: null,
          reason: `closed more than ${retentionYears} years ago (the organisation's retention period)`,
          closedBefore: new Date(closedBefore),
        },
      );
      if (result.outcome === 'visit-in-progress') log.warn({ caseId, visitCode: result.visitCode }, 'retention: erasure postponed');
      return result.outcome;
    },
  };
}
