/**
 * Urgent alerts: each is an urgentAlertWorkflow a case workflow or a field visit started. Lists come from its
 * SQL mirror (the alerts table the workflow writes); acknowledging is the alert workflow's
 * `acknowledge` signal, via 'api', and its answer the workflow's own state, by query.
 */
import { z } from 'zod';
import { acknowledge, alertActionRoutes } from './alert-actions';
import { callerOf, caseOf, hasRole, visibleCases } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound } from './problems';
import { caseIdParams, id, noBody, problemResponses } from './schemas';
import { ALERT_STATES, alertView, listAlerts, withSubject } from './alert-views';

/** As GET /alerts lists it: a number, `duress`, `hearing-<hearing id>-<instant>`, ... */
const alertKey = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9._:/-]+$/, { error: 'must be an alert key as GET /alerts lists it' })
  .describe("The alert's `alertKey`, as GET /alerts lists it");

export function alertRoutes(app: App, deps: ApiDependencies): void {
  const { prisma, temporal } = deps;
  alertActionRoutes(app, deps);
  app.get(
    '/alerts',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['alerts'],
        summary:
          "Urgent alerts of the cases you may see, newest first (the latest 100); for coordinators and admins also field visits' alerts, except their own visits'",
        querystring: z.strictObject({ state: z.enum(ALERT_STATES).optional(), caseId: id.optional() }),
        response: { 200: z.object({ alerts: z.array(alertView) }), ...problemResponses },
      },
    },
    async (request) => {
      const { state, caseId } = request.query;
      const caller = callerOf(request);
      // A visitor never sees their own visit's alerts: a duress check-in must stay silent to them.
      const visits =
        hasRole(caller, 'COORDINATOR') && !caseId ? { organisationId: caller.organisationId, userId: { not: caller.userId } } : undefined;
      return { alerts: await listAlerts(prisma, { ...visibleCases(caller), id: caseId }, { states: state && [state], visits }) };
    },
  );

  app.post(
    '/cases/:caseId/alerts/:alertKey/acknowledge',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['alerts'],
        summary:
          'Acknowledges an urgent alert, or (coordinators and admins) takes over one nobody acknowledged: the escalation stops at once',
        params: caseIdParams.extend({ alertKey }),
        body: noBody,
        response: { 200: alertView, 202: alertView.describe('Acknowledged; the alert had not confirmed it yet'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const row = caseOf(request);
      const alert = await prisma.alert.findFirst({
        where: { id: `${row.workflowId}/alert/${request.params.alertKey}`, caseId: row.id },
        include: withSubject,
      });
      if (!alert) throw notFound('alert');
      return acknowledge(temporal, alert, callerOf(request), reply);
    },
  );

  app.post(
    '/field-visits/:visitId/alerts/:alertKey/acknowledge',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['alerts'],
        summary: "Acknowledges or takes over a field visit's urgent alert (coordinators; not the visitor): the escalation stops at once",
        params: z.strictObject({ visitId: id, alertKey }),
        body: noBody,
        response: { 200: alertView, 202: alertView.describe('Acknowledged; the alert had not confirmed it yet'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { visitId, alertKey } = request.params;
      const visit = await prisma.fieldVisit.findFirst({
        where: { id: visitId, organisationId: caller.organisationId, userId: { not: caller.userId } },
        select: { workflowId: true },
      });
      const alert = visit
        ? await prisma.alert.findFirst({
            where: { id: `${visit.workflowId}/alert/${alertKey}`, fieldVisitId: visitId },
            include: withSubject,
          })
        : null;
      if (!alert) throw notFound('alert');
      return acknowledge(temporal, alert, caller, reply);
    },
  );
}
