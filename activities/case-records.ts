/**
 * The case's timeline and summary in SQL, for reporting and the coordinator's views. Written
 * by the case workflow; idempotent, so a retried activity never writes an entry twice.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { RiskLevel } from '../domain/case-facts';
import type { Stage } from '../domain/case-events';
import type { TimelineEntry } from '../workflows/case-messages';

export interface TimelineRecord {
  caseId: string;
  workflowId: string;
  entry: TimelineEntry;
  summary: { stage: Stage; riskLevel: RiskLevel; closedAt: string | null; nextDueAt: string | null };
}

export function createCaseActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async recordCaseTimeline({ caseId, workflowId, entry, summary }: TimelineRecord): Promise<void> {
      await prisma.caseTimelineEntry.createMany({
        data: [
          {
            caseId,
            kind: entry.kind,
            at: new Date(entry.at),
            detail: entry.detail as object,
            idempotencyKey: `${workflowId}#${entry.seq}`,
          },
        ],
        skipDuplicates: true,
      });
      await prisma.case.update({
        where: { id: caseId },
        data: {
          stage: summary.stage,
          riskLevel: summary.riskLevel,
          closedAt: summary.closedAt ? new Date(summary.closedAt) : null,
          nextDueAt: summary.nextDueAt ? new Date(summary.nextDueAt) : null,
        },
      });
    },
  };
}
