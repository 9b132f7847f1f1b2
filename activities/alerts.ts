/**
 * The SQL mirror of each urgent alert: coordinators list alerts from it, and an SMS reply
 * `OK <code>` finds its alert through it. The workflow stays the source of truth.
 */
import type { PrismaClient } from '../generated/prisma/client';

export interface AlertRecord {
  alertId: string;
  organisationId: string;
  /** Absent for a field visit's alert, which names its visit instead. */
  caseId?: string;
  fieldVisitId?: string;
  trigger: string;
  ackCode: string;
  state: 'ALERTING' | 'ACKNOWLEDGED' | 'UNACKNOWLEDGED';
  raisedAt: string;
  acknowledgement: { by: string; via: string; at: string } | null;
}

export function createAlertActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Idempotent: the same record written twice leaves one row. */
    async recordAlert(alert: AlertRecord): Promise<void> {
      const outcome = {
        state: alert.state,
        acknowledgedBy: alert.acknowledgement?.by ?? null,
        acknowledgedVia: alert.acknowledgement?.via ?? null,
        acknowledgedAt: alert.acknowledgement ? new Date(alert.acknowledgement.at) : null,
      };
      await prisma.alert.upsert({
        where: { id: alert.alertId },
        create: {
          id: alert.alertId,
          organisationId: alert.organisationId,
          caseId: alert.caseId ?? null,
          fieldVisitId: alert.fieldVisitId ?? null,
          trigger: alert.trigger,
          ackCode: alert.ackCode,
          raisedAt: new Date(alert.raisedAt),
          ...outcome,
        },
        update: outcome,
      });
    },
  };
}
