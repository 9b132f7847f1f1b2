/**
 * Erasure of a case's personal data on request (an admin, with a reason), and the record of
 * every erasure, by request or by the retention job. The erasure itself is
 * services/erasure.ts `eraseCase`, which the retention job uses too; the audit log records
 * who called, the Erasure row who asked and why.
 */
import { z } from 'zod';
import { eraseCase } from '../services/erasure';
import type { Erasure } from '../generated/prisma/client';
import { callerOf, caseOf } from './auth';
import type { ApiDependencies, App } from './context';
import { Problem } from './problems';
import { caseIdParams, id, pagination, problemResponses, safeText } from './schemas';

const erasureView = z
  .object({
    id: z.string(),
    caseId: z.string(),
    via: z.enum(['retention', 'request']),
    requestedById: z.string().nullable().describe('The admin who asked; null for the retention job'),
    reason: z.string(),
    erased: z.record(z.string(), z.number()).describe('Rows whose personal data was erased, by table'),
    at: z.date(),
  })
  .meta({ id: 'Erasure' });

const present = ({ id, caseId, via, requestedById, reason, erased, at }: Erasure): z.infer<typeof erasureView> => ({
  id,
  caseId,
  via: via as 'retention' | 'request',
  requestedById,
  reason,
  erased: erased as Record<string, number>,
  at,
});

export function erasureRoutes(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;

  app.post(
    '/cases/:caseId/erasure',
    {
      config: { access: 'ADMIN', acceptsErasedCase: true },
      schema: {
        tags: ['cases'],
        summary:
          "Erases the case's personal data now (notes, descriptions, field-visit texts, case code, contacts, message addresses) and ends its workflow; " +
          'statistics stay. Answers 201 with the erasure, or 200 with the earlier one if the case was already erased',
        params: caseIdParams,
        body: z.strictObject({
          reason: safeText(
            z
              .string()
              .trim()
              .min(10, { error: 'must say why, in at least 10 characters' })
              .max(500, { error: 'must be at most 500 characters' }),
            'free-text',
          ).describe('Why (e.g. "request of the person, ticket 2031"); kept in the erasure record, so never personal data'),
        }),
        response: { 200: erasureView, 201: erasureView, ...problemResponses },
      },
    },
    async (request, reply) => {
      const result = await eraseCase(deps, {
        caseId: caseOf(request).id,
        via: 'request',
        requestedById: callerOf(request).userId,
        reason: request.body.reason,
      });
      switch (result.outcome) {
        case 'erased':
          return reply.code(201).send(present(result.erasure));
        case 'already-erased':
          if (result.erasure) return reply.code(200).send(present(result.erasure));
          throw new Problem(409, 'the case is already erased');
        case 'visit-in-progress':
          throw new Problem(409, `field visit ${result.visitCode} of this case is under way: erase the case once it has ended`);
        case 'not-eligible':
          throw new Error('an erasure on request has no eligibility condition');
      }
    },
  );

  app.get(
    '/erasures',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['audit'],
        summary: "The organisation's erasures of personal data, by request and by the retention job, newest first",
        querystring: z.strictObject({ caseId: id.optional(), ...pagination }),
        response: { 200: z.object({ erasures: z.array(erasureView) }), ...problemResponses },
      },
    },
    async (request) => {
      const { caseId, limit, offset } = request.query;
      const rows = await prisma.erasure.findMany({
        where: { organisationId: callerOf(request).organisationId, caseId },
        orderBy: [{ at: 'desc' }, { id: 'desc' }],
        take: limit,
        skip: offset,
      });
      return { erasures: rows.map(present) };
    },
  );
}
