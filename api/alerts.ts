/**
 * Urgent alerts: each is an urgentAlertWorkflow the case workflow started and noted in its
 * timeline (`alert.raised`); its state (alerting, acknowledged, unacknowledged) is the alert
 * workflow's, by query. Acknowledging is the alert workflow's `acknowledge` signal, via 'api'.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { CaseTimelineEntry, Prisma, PrismaClient } from '../generated/prisma/client';
import { acknowledgeAlertSignal, alertStatusQuery, type AlertStatus } from '../workflows/urgent-alert';
import { callerOf, caseOf, visibleCases } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound, Problem } from './problems';
import { caseIdParams, id, noBody, problemResponses } from './schemas';

export const alertView = z
  .object({
    alertId: z.string(),
    caseId: z.string(),
    caseCode: z.string(),
    alertKey: z.string().describe('With caseId, names the alert in /cases/{caseId}/alerts/{alertKey}/acknowledge'),
    trigger: z.string(),
    raisedAt: z.date(),
    state: z.enum(['ALERTING', 'ACKNOWLEDGED', 'UNACKNOWLEDGED', 'UNKNOWN']).describe('UNKNOWN: the alert workflow did not answer'),
    acknowledgement: z.object({ by: z.string(), via: z.string(), at: z.string() }).nullable(),
    messagesSent: z.number(),
  })
  .meta({ id: 'Alert' });
export type AlertView = z.infer<typeof alertView>;

/** The alert workflow's state; null when it cannot be asked (its worker is down). */
export async function alertStatus(temporal: Client, alertId: string): Promise<AlertStatus | null> {
  try {
    return await temporal.workflow.getHandle(alertId).query(alertStatusQuery);
  } catch {
    return null;
  }
}

type RaisedEntry = CaseTimelineEntry & { case: { caseCode: string; workflowId: string } };
const withCase = { case: { select: { caseCode: true, workflowId: true } } } as const;

function presentAlert(entry: RaisedEntry, status: AlertStatus | null): AlertView {
  const { alertId, trigger } = entry.detail as { alertId: string; trigger: string };
  return {
    alertId,
    caseId: entry.caseId,
    caseCode: entry.case.caseCode,
    alertKey: alertId.slice(`${entry.case.workflowId}/alert/`.length),
    trigger,
    raisedAt: entry.at,
    state: status?.state ?? 'UNKNOWN',
    acknowledgement: status?.acknowledgement ?? null,
    messagesSent: status?.attempts.length ?? 0,
  };
}

/** The alerts of the cases `where` selects, newest first, each with its live state. */
export async function listAlerts(prisma: PrismaClient, temporal: Client, where: Prisma.CaseWhereInput, since?: Date, limit = 100): Promise<AlertView[]> {
  const entries = await prisma.caseTimelineEntry.findMany({
    where: { kind: 'alert.raised', case: where, at: since ? { gte: since } : undefined },
    include: withCase,
    orderBy: { at: 'desc' },
    take: limit,
  });
  return Promise.all(entries.map(async (entry) => presentAlert(entry, await alertStatus(temporal, (entry.detail as { alertId: string }).alertId))));
}

const ACK_WAIT_MS = 3_000;

export function alertRoutes(app: App, { prisma, temporal }: ApiDependencies): void {
  const stateFilter = z.enum(['ALERTING', 'ACKNOWLEDGED', 'UNACKNOWLEDGED', 'UNKNOWN']).optional();

  app.get(
    '/alerts',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['alerts'],
        summary: 'Urgent alerts of the cases you may see, newest first (the latest 100)',
        querystring: z.strictObject({ state: stateFilter, caseId: id.optional() }),
        response: { 200: z.object({ alerts: z.array(alertView) }), ...problemResponses },
      },
    },
    async (request) => {
      const { state, caseId } = request.query;
      const alerts = await listAlerts(prisma, temporal, { ...visibleCases(callerOf(request)), id: caseId });
      return { alerts: alerts.filter((a) => !state || a.state === state) };
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
      const alertId = `${row.workflowId}/alert/${request.params.alertKey}`;
      const raised = await prisma.caseTimelineEntry.findFirst({
        where: { caseId: row.id, kind: 'alert.raised', detail: { path: ['alertId'], equals: alertId } },
        include: withCase,
      });
      if (!raised) throw notFound('alert');
      let status = await alertStatus(temporal, alertId);
      if (status && status.state !== 'ALERTING') throw new Problem(409, `the alert is already ${status.state.toLowerCase()}`);
      await temporal.workflow.getHandle(alertId).signal(acknowledgeAlertSignal, { by: callerOf(request).userId, via: 'api' });
      // The signal is handled asynchronously: wait briefly to answer with the confirmed state.
      for (const deadline = Date.now() + ACK_WAIT_MS; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        status = await alertStatus(temporal, alertId);
        if (status?.state === 'ACKNOWLEDGED') return presentAlert(raised, status);
      }
      return reply.code(202).send(presentAlert(raised, status));
    },
  );
}
