/**
 * The organisation's reassessment policy in force (docs/reassessment-policy.md, "Organisation
 * overrides"), for admins: read it, preview what a change does to the open cases' deadlines, and
 * change it. A change is a new row (the history stays) and a signal to every case workflow of the
 * organisation, which moves its deadline at once and notes the change in its timeline; new cases
 * start with the policy in force, and the schedule preview and projections use it too.
 */
import { z } from 'zod';
import { inBatches } from '../services/case-workflows';
import type { PrismaClient } from '../generated/prisma/client';
import { InvalidInputError, RISK_LEVELS } from '../domain/case-facts';
import { toFacts, type CaseRecord } from '../domain/case-events';
import { computeSchedule, OVERRIDE_BOUNDS, parsePolicyOverride, policyInHours, type Policy, type PolicyOverride } from '../domain/policy';
import { caseStateQuery, policyChangedSignal } from '../workflows/case-messages';
import { organisationPolicy, type PolicyInForce } from '../services/organisation-policy';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { Problem } from './problems';
import { isUniqueViolation } from '../platform/database';
import { problemResponses } from './schemas';

/** One level's overrides: each value optional, within the bounds the domain states. */
const hoursWithin = ({ min, max, words }: { min: number; max: number; words: string }) =>
  z
    .number({ error: `must be a number of hours from ${min} to ${max} (${words})` })
    .min(min, { error: `must be a number of hours from ${min} to ${max} (${words})` })
    .max(max, { error: `must be a number of hours from ${min} to ${max} (${words})` });
const levelOverride = z.strictObject({
  baseIntervalHours: hoursWithin(OVERRIDE_BOUNDS.baseIntervalHours).optional(),
  leadHours: hoursWithin(OVERRIDE_BOUNDS.leadHours).optional(),
  graceHours: hoursWithin(OVERRIDE_BOUNDS.graceHours).optional(),
});
const overridesBody = z
  .strictObject({ levels: z.strictObject(Object.fromEntries(RISK_LEVELS.map((l) => [l, levelOverride.optional()]))).optional() })
  .describe(
    'Per risk level, any of baseIntervalHours (24 to 720), leadHours (0.25 to 72), graceHours (0.25 to 168); what is not given keeps the default',
  )
  .meta({ id: 'PolicyOverrides' });

const levelValues = z.object({ baseIntervalHours: z.number(), leadHours: z.number(), graceHours: z.number() });
const policyView = z
  .object({
    version: z.number().describe('0: the default policy'),
    overrides: z.record(z.string(), z.unknown()).describe('As last set'),
    inForce: z.record(z.enum(RISK_LEVELS), levelValues).describe("Every level's values in force, in hours"),
  })
  .meta({ id: 'OrganisationPolicy' });
const effectView = z
  .object({
    cases: z.number().describe('Cases of the organisation whose workflow keeps a schedule (open, or closed and watched)'),
    earlier: z.number().describe('Whose next deadline the change moves earlier'),
    later: z.number(),
    unchanged: z.number(),
  })
  .meta({ id: 'PolicyChangeEffect' });

function present({ version, overrides, policy }: PolicyInForce): z.infer<typeof policyView> {
  return { version, overrides: overrides as Record<string, unknown>, inForce: policyInHours(policy) };
}

/** Parsed by the domain too: the one place the bounds are enforced, also for the `schedule` command. */
function parseOverrides(body: unknown): Policy {
  try {
    return parsePolicyOverride(body);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new Problem(400, error.problem, error.field);
    throw error;
  }
}

/** The organisation's running cases, whose workflows a policy change reaches. */
const caseWorkflows = (prisma: PrismaClient, organisationId: string) =>
  prisma.case.findMany({ where: { organisationId, erasedAt: null }, select: { id: true, workflowId: true } });
const admin = { access: 'ADMIN' as const };

export function organisationPolicyRoutes(app: App, deps: ApiDependencies): void {
  readPolicyRoute(app, deps);
  previewPolicyRoute(app, deps);
  changePolicyRoute(app, deps);
}

function readPolicyRoute(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/organisation/policy',
    {
      config: admin,
      schema: { tags: ['organisation'], summary: 'The reassessment policy in force', response: { 200: policyView, ...problemResponses } },
    },
    async (request) => present(await organisationPolicy(prisma, callerOf(request).organisationId)),
  );
}

function previewPolicyRoute(app: App, { prisma, temporal }: ApiDependencies): void {
  app.post(
    '/organisation/policy/preview',
    {
      config: admin,
      schema: {
        tags: ['organisation'],
        summary: "What new overrides would do to the cases' next deadlines; changes nothing",
        body: overridesBody,
        response: { 200: effectView, ...problemResponses },
      },
    },
    async (request) => {
      const { organisationId } = callerOf(request);
      const next = parseOverrides(request.body);
      const { policy } = await organisationPolicy(prisma, organisationId);
      const moves = await inBatches(await caseWorkflows(prisma, organisationId), async (c) => {
        const { record } = await temporal.workflow.getHandle(c.workflowId).query(caseStateQuery);
        return deadlineMove(record, policy, next);
      });
      const open = moves.filter((m): m is number => m !== null);
      return {
        cases: open.length,
        earlier: open.filter((m) => m < 0).length,
        later: open.filter((m) => m > 0).length,
        unchanged: open.filter((m) => m === 0).length,
      };
    },
  );
}

function changePolicyRoute(app: App, { prisma, temporal, log }: ApiDependencies): void {
  app.put(
    '/organisation/policy',
    {
      config: admin,
      schema: {
        tags: ['organisation'],
        summary: 'Sets the overrides; every case of the organisation moves its deadline at once and notes the change in its timeline',
        body: overridesBody,
        response: { 200: policyView.extend({ casesReached: z.number() }), ...problemResponses },
      },
    },
    async (request) => {
      const { organisationId, userId } = callerOf(request);
      const policy = parseOverrides(request.body);
      const { version } = await organisationPolicy(prisma, organisationId);
      const row = await prisma.organisationPolicy
        .create({ data: { organisationId, version: version + 1, overrides: request.body, changedById: userId } })
        .catch((error) => {
          if (isUniqueViolation(error)) throw new Problem(409, 'the policy was changed at the same time; read it and try again');
          throw error;
        });
      const change = { policy, version: row.version, changedAt: row.changedAt.toISOString() };
      const reached = await inBatches(await caseWorkflows(prisma, organisationId), (c) =>
        temporal.workflow
          .getHandle(c.workflowId)
          .signal(policyChangedSignal, change)
          .then(
            () => 1,
            (error) => {
              // A case whose workflow has ended has no schedule to move.
              log.warn({ caseId: c.id, err: error }, 'policy change not delivered to a case workflow');
              return 0;
            },
          ),
      );
      const inForce = { version: row.version, overrides: request.body as PolicyOverride, policy };
      return { ...present(inForce), casesReached: reached.reduce<number>((a, b) => a + b, 0) };
    },
  );
}

/** How far the next deadline moves (ms; negative: earlier), null for a case with none either way. */
function deadlineMove(record: CaseRecord, from: Policy, to: Policy): number | null {
  const before = computeSchedule(toFacts(record), from).dueAt;
  const after = computeSchedule(toFacts(record), to).dueAt;
  if (before === null || after === null) return null;
  return Date.parse(after) - Date.parse(before);
}
