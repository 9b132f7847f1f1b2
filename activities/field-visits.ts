/**
 * Field visits in SQL: the mirror of each fieldVisitWorkflow's state (the coordinators' "staff in
 * the field" view reads it). Who a visit's urgent alert reaches: alert-plans.ts.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { VisitEnding, VisitState } from '../domain/field-visits';

export interface FieldVisitRecord {
  visitId: string;
  state: VisitState;
  expectedEndAt: string;
  endedBy: VisitEnding | null;
  endedAt: string | null;
}

export function createFieldVisitActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Idempotent: writing the same state twice leaves the same row. The API created the row. */
    async recordFieldVisit(visit: FieldVisitRecord): Promise<void> {
      await prisma.fieldVisit.updateMany({
        where: { id: visit.visitId },
        data: {
          state: visit.state,
          expectedEndAt: new Date(visit.expectedEndAt),
          endedBy: visit.endedBy,
          endedAt: visit.endedAt ? new Date(visit.endedAt) : null,
        },
      });
    },
  };
}
