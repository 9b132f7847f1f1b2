/**
 * The audit log: every request a signed-in person, API token or calendar feed makes is written
 * before its answer leaves (so an answer never exists without its entry), including refusals.
 * Who (user and credential), what (method, route pattern, case), when, from where (IP). Admins
 * read it; nothing edits it (no route does, and the table refuses UPDATE and DELETE).
 */
import { z } from 'zod';
import { callerOf, UUID } from './auth';
import type { ApiDependencies, App } from './context';
import { id, instant, pagination, problemResponses } from './schemas';

export function installAuditLog(app: App, { prisma }: ApiDependencies): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const caller = request.caller;
    if (!caller) return payload;
    const named = (request.params as { caseId?: string }).caseId;
    await prisma.auditEntry.create({
      data: {
        organisationId: caller.organisationId,
        userId: caller.userId,
        via: caller.via,
        credentialId: caller.credentialId,
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        // A refused attempt on someone else's case is recorded with the id that was tried.
        caseId: request.case?.id ?? request.auditCaseId ?? (named && UUID.test(named) ? named : null),
        statusCode: reply.statusCode,
        ip: request.ip,
      },
    });
    return payload;
  });
}

const auditEntry = z.object({
  id: z.string(),
  at: z.date(),
  userId: z.string(),
  via: z.string(),
  credentialId: z.string(),
  method: z.string(),
  route: z.string(),
  caseId: z.string().nullable(),
  statusCode: z.number(),
  ip: z.string(),
});

export function auditRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/audit',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log of the organisation, newest first',
        querystring: z.strictObject({
          caseId: id.optional(),
          userId: id.optional(),
          from: instant.optional(),
          until: instant.optional(),
          ...pagination,
        }),
        response: { 200: z.object({ entries: z.array(auditEntry) }), ...problemResponses },
      },
    },
    async (request) => {
      const { caseId, userId, from, until, limit, offset } = request.query;
      const entries = await prisma.auditEntry.findMany({
        where: {
          organisationId: callerOf(request).organisationId,
          caseId,
          userId,
          at: { gte: from ? new Date(from) : undefined, lt: until ? new Date(until) : undefined },
        },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: limit,
        skip: offset,
      });
      return { entries };
    },
  );
}
