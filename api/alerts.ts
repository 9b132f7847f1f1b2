/**
 * Urgent alerts: each is an urgentAlertWorkflow the case workflow started. Lists come from its
 * SQL mirror (the alerts table the workflow writes); acknowledging is the alert workflow's
 * `acknowledge` signal, via 'api', and its answer the workflow's own state, by query.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Alert, AlertState, Prisma, PrismaClient } from '../generated/prisma/client';
import { acknowledgeAlertSignal, alertStatusQuery, type AlertStatus } from '../workflows/urgent-alert';
import { callerOf, caseOf, visibleCases } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound, Problem } from './problems';
import { caseIdParams, id, noBody, problemResponses } from './schemas';

const ALERT_STATES = ['ALERTING', 'ACKNOWLEDGED', 'UNACKNOWLEDGED'] as const satisfies readonly AlertState[];

export const alertView = z
  .object({
    alertId: z.string(),
    caseId: z.string(),
    caseCode: z.string(),
    alertKey: z.string().describe('With caseId, names the alert in /cases/{caseId}/alerts/{alertKey}/acknowledge'),
    trigger: z.string(),
    raisedAt: z.date(),
    state: z.enum(ALERT_STATES),
    acknowledgement: z.object({ by: z.string(), via: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'Alert' });
export type AlertView = z.infer<typeof alertView>;

type AlertRow = Alert & { caseId: string; case: { caseCode: string; workflowId: string } };
const withCase = { case: { select: { caseCode: true, workflowId: true } } } as const;

/** The row, or the workflow's own state when the caller has just asked it. */
function presentAlert(row: AlertRow, live?: AlertStatus): AlertView {
  const acknowledgement = live
    ? live.acknowledgement
    : row.acknowledgedBy && row.acknowledgedVia && row.acknowledgedAt
      ? { by: row.acknowledgedBy, via: row.acknowledgedVia, at: row.acknowledgedAt.toISOString() }
      : null;
  return {
    alertId: row.id,
    caseId: row.caseId,
    caseCode: row.case.caseCode,
    alertKey: row.id.slice(`${row.case.workflowId}/alert/`.length),
    trigger: row.trigger,
    raisedAt: row.raisedAt,
    state: live?.state ?? row.state,
    acknowledgement,
  };
}

/** The alerts of the cases `where` selects, newest first. */
export async function listAlerts(
  prisma: PrismaClient,
  where: Prisma.CaseWhereInput,
  filter: { since?: Date; states?: AlertState[]; limit?: number } = {},
): Promise<AlertView[]> {
  const rows = await prisma.alert.findMany({
    where: {
      case: where,
      raisedAt: filter.since ? { gte: filter.since } : undefined,
      state: filter.states ? { in: filter.states } : undefined,
    },
    include: withCase,
    orderBy: { raisedAt: 'desc' },
    take: filter.limit ?? 100,
  });
  // `case: where` matches case alerts only.
  return rows.map((row) => presentAlert(row as AlertRow));
}

async function liveStatus(temporal: Client, alertId: string): Promise<AlertStatus> {
  return temporal.workflow.getHandle(alertId).query(alertStatusQuery);
}

const ACK_WAIT_MS = 3_000;

export function alertRoutes(app: App, { prisma, temporal }: ApiDependencies): void {
  app.get(
    '/alerts',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['alerts'],
        summary: 'Urgent alerts of the cases you may see, newest first (the latest 100)',
        querystring: z.strictObject({ state: z.enum(ALERT_STATES).optional(), caseId: id.optional() }),
        response: { 200: z.object({ alerts: z.array(alertView) }), ...problemResponses },
      },
    },
    async (request) => {
      const { state, caseId } = request.query;
      return { alerts: await listAlerts(prisma, { ...visibleCases(callerOf(request)), id: caseId }, { states: state && [state] }) };
    },
  );

  app.post(
    '/cases/:caseId/alerts/:alertKey/acknowledge',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledges an urgent alert: the escalation stops at once',
        params: caseIdParams.extend({ alertKey: z.string().max(200) }),
        body: noBody,
        response: { 200: alertView, 202: alertView.describe('Acknowledged; the alert had not confirmed it yet'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = caseOf(request);
      const alert = await prisma.alert.findFirst({
        where: { id: `${row.workflowId}/alert/${request.params.alertKey}`, caseId: row.id },
        include: withCase,
      });
      if (!alert?.case) throw notFound('alert');
      let live = await liveStatus(temporal, alert.id);
      if (live.state !== 'ALERTING') throw new Problem(409, `the alert is already ${live.state.toLowerCase()}`);
      await temporal.workflow.getHandle(alert.id).signal(acknowledgeAlertSignal, { by: callerOf(request).userId, via: 'api' });
      // The signal is handled asynchronously: wait briefly to answer with the confirmed state.
      for (const deadline = Date.now() + ACK_WAIT_MS; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        live = await liveStatus(temporal, alert.id);
        if (live.state === 'ACKNOWLEDGED') return presentAlert(alert as AlertRow, live);
      }
      return reply.code(202).send(presentAlert(alert as AlertRow, live));
    },
  );
}
