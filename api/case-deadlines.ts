/**
 * A case's past deadlines, each met on time, late or not done: its timeline replayed under the
 * organisation's policy versions exactly as the evaluation replays it (domain/evaluation-replay.ts),
 * so the case page's "deadlines met and missed" and the evaluation's figures agree.
 */
import { z } from 'zod';
import { replayCase } from '../domain/evaluation-replay';
import { RULE_NAMES } from '../domain/policy-rules';
import { NO_OVERRIDES, policyVersions, REPLAYED_KINDS } from '../services/evaluation';
import { caseOf } from './auth';
import { inTimelineOrder } from './case-history';
import type { ApiDependencies, App } from './context';
import { caseIdParams, problemResponses, riskLevel } from './schemas';

const pastDeadline = z
  .object({
    dueAt: z.string(),
    rule: z.enum(RULE_NAMES),
    riskLevel,
    outcome: z.enum(['on-time', 'late', 'not-done']).describe('not-done: it passed and was replaced, or still stands past due'),
    doneAt: z.string().nullable().describe('When the assessment that met it was recorded'),
  })
  .meta({ id: 'PastDeadline' });

export function caseDeadlineRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/cases/:caseId/deadlines',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['cases'],
        summary: "The case's reassessment deadlines so far, each met on time, late or not done (its timeline replayed), oldest first",
        params: caseIdParams,
        response: { 200: z.object({ deadlines: z.array(pastDeadline) }), ...problemResponses },
      },
    },
    async (request) => {
      const row = caseOf(request);
      const [entries, policies] = await Promise.all([
        prisma.caseTimelineEntry.findMany({ where: { caseId: row.id, kind: { in: REPLAYED_KINDS } } }),
        prisma.organisationPolicy.findMany({ where: { organisationId: row.organisationId }, orderBy: { changedAt: 'asc' } }),
      ]);
      const history = inTimelineOrder(entries).map((e) => ({
        kind: e.kind,
        at: e.at.getTime(),
        detail: e.detail as Record<string, unknown>,
      }));
      const versions = policyVersions(policies).get(row.organisationId) ?? NO_OVERRIDES;
      const { due } = replayCase(history, versions, Date.now());
      return {
        deadlines: due.map((d) => ({
          ...d,
          dueAt: new Date(d.dueAt).toISOString(),
          doneAt: d.doneAt === null ? null : new Date(d.doneAt).toISOString(),
        })),
      };
    },
  );
}
