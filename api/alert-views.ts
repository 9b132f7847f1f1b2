/**
 * Urgent alerts as the API shows them: from the alerts table (the SQL mirror the alert workflow
 * writes), or with the workflow's own state when the caller has just asked it. Used by the alert
 * routes (alerts.ts) and the dashboard.
 */
import { z } from 'zod';
import type { Alert, AlertState, Prisma, PrismaClient } from '../generated/prisma/client';
import type { AlertStatus } from '../workflows/urgent-alert';

export const ALERT_STATES = ['ALERTING', 'ACKNOWLEDGED', 'UNACKNOWLEDGED', 'RESOLVED'] as const satisfies readonly AlertState[];

export const alertView = z
  .object({
    id: z.string().describe('Names the alert in /alerts/{id}, /alerts/{id}/acknowledge and /alerts/{id}/resolve'),
    alertId: z.string().describe("The alert's workflow id"),
    caseId: z.string().nullable().describe('Null for a field visit alert'),
    caseCode: z.string().describe("The case's code, or the field visit's code (V-XXXXXX)"),
    fieldVisitId: z.string().nullable(),
    alertKey: z
      .string()
      .describe(
        'Names the alert in /cases/{caseId}/alerts/{alertKey}/acknowledge, or /field-visits/{fieldVisitId}/alerts/{alertKey}/acknowledge',
      ),
    trigger: z.string(),
    raisedAt: z.date(),
    state: z.enum(ALERT_STATES),
    acknowledgement: z.object({ by: z.string(), via: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'Alert' });
export type AlertView = z.infer<typeof alertView>;

export type AlertRow = Alert & {
  case: { caseCode: string; workflowId: string } | null;
  fieldVisit: { visitCode: string; workflowId: string } | null;
};
export const withSubject = {
  case: { select: { caseCode: true, workflowId: true } },
  fieldVisit: { select: { visitCode: true, workflowId: true } },
} as const;

/** The row, or the workflow's own state when the caller has just asked it. */
export function presentAlert(row: AlertRow, live?: AlertStatus): AlertView {
  const acknowledgement = live
    ? live.acknowledgement
    : row.acknowledgedBy && row.acknowledgedVia && row.acknowledgedAt
      ? { by: row.acknowledgedBy, via: row.acknowledgedVia, at: row.acknowledgedAt.toISOString() }
      : null;
  const subject = row.case ?? { caseCode: row.fieldVisit!.visitCode, workflowId: row.fieldVisit!.workflowId };
  return {
    id: row.publicId,
    alertId: row.id,
    caseId: row.caseId,
    caseCode: subject.caseCode,
    fieldVisitId: row.fieldVisitId,
    alertKey: row.id.slice(`${subject.workflowId}/alert/`.length),
    trigger: row.trigger,
    raisedAt: row.raisedAt,
    state: live?.state ?? row.state,
    acknowledgement,
  };
}

/** The alerts of the cases `where` selects (and of the field visits `filter.visits` selects), newest first. */
export async function listAlerts(
  prisma: PrismaClient,
  where: Prisma.CaseWhereInput,
  filter: { since?: Date; states?: AlertState[]; limit?: number; visits?: Prisma.FieldVisitWhereInput } = {},
): Promise<AlertView[]> {
  const rows = await prisma.alert.findMany({
    where: {
      ...(filter.visits ? { OR: [{ case: where }, { fieldVisit: filter.visits }] } : { case: where }),
      raisedAt: filter.since ? { gte: filter.since } : undefined,
      state: filter.states ? { in: filter.states } : undefined,
    },
    include: withSubject,
    orderBy: { raisedAt: 'desc' },
    take: filter.limit ?? 100,
  });
  return rows.map((row) => presentAlert(row));
}
