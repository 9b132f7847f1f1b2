/**
 * Schedules to plan with: a case's deadlines over the days ahead (each with its rule, reminders
 * and escalations), and a caseworker's tasks across their cases (reassessments due and overdue,
 * hearings, release dates, field visits), sorted by time. Deadlines are projected from the case
 * workflow's live record with the organisation's policy (domain/schedule-projection.ts).
 */
import { z } from 'zod';
import { toFacts, type CaseRecord } from '../domain/case-events';
import { RULE_NAMES } from '../domain/policy-rules';
import { projectSchedule } from '../domain/schedule-projection';
import type { Case } from '../generated/prisma/client';
import { caseStateQuery } from '../workflows/case-messages';
import { callerOf, caseOf, hasRole } from './auth';
import type { ApiDependencies, App } from './context';
import { organisationPolicy } from '../services/organisation-policy';
import { caseRecords } from '../services/case-workflows';
import { Problem } from './problems';
import { caseIdParams, id, problemResponses, riskLevel } from './schemas';
import { scheduleView } from './views';

const DAY = 86_400_000;

const projectedView = scheduleView
  .extend({ dueAt: z.string(), overdue: z.boolean().describe('The deadline in force, already past') })
  .meta({ id: 'ProjectedDeadline' });

const taskView = z
  .object({
    at: z.string(),
    kind: z.enum(['reassessment', 'hearing', 'release', 'field-visit']),
    overdue: z.boolean(),
    caseId: z.string().nullable(),
    caseCode: z.string().nullable(),
    rule: z.enum(RULE_NAMES).optional().describe('reassessment: the policy rule that sets it'),
    riskLevel: riskLevel.optional().describe("reassessment: the case's risk level it is due at"),
    hearingId: z.string().optional(),
    visitId: z.string().optional(),
    visitCode: z.string().optional(),
  })
  .meta({ id: 'Task' });
type Task = z.infer<typeof taskView>;

const days = (max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a whole number of days from 1 to ${max}` })
    .int({ error: `must be a whole number of days from 1 to ${max}` })
    .min(1, { error: `must be a whole number of days from 1 to ${max}` })
    .max(max, { error: `must be a whole number of days from 1 to ${max}` })
    .default(fallback);

/** A case's tasks between now and `until`: its projected deadlines, scheduled hearings and announced release dates. */
function caseTasks(
  c: Pick<Case, 'id' | 'caseCode'>,
  record: CaseRecord,
  deadlines: ReturnType<typeof projectSchedule>,
  now: number,
  until: number,
): Task[] {
  const base = { caseId: c.id, caseCode: c.caseCode };
  const hearings = record.hearings
    .filter((h) => h.status === 'SCHEDULED' && Date.parse(h.at) <= until)
    .map((h) => ({ ...base, at: h.at, kind: 'hearing' as const, overdue: Date.parse(h.at) < now, hearingId: h.id }));
  const releases = record.perpetratorEvents.flatMap((e) =>
    e.type === 'RELEASE_ANNOUNCED' && Date.parse(e.releaseDate) >= now && Date.parse(e.releaseDate) <= until
      ? [{ ...base, at: e.releaseDate, kind: 'release' as const, overdue: false }]
      : [],
  );
  const reassessments = deadlines.map((d) => ({
    ...base,
    at: d.dueAt,
    kind: 'reassessment' as const,
    overdue: d.overdue,
    rule: d.rule!,
    riskLevel: d.riskLevel,
  }));
  return [...reassessments, ...hearings, ...releases];
}

export function scheduleRoutes(app: App, deps: ApiDependencies): void {
  caseScheduleRoute(app, deps);
  myTasksRoute(app, deps);
}

function caseScheduleRoute(app: App, { prisma, temporal }: ApiDependencies): void {
  app.get(
    '/cases/:caseId/schedule',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['cases'],
        summary: 'The deadlines ahead if every reassessment were done exactly when due: each with its rule, reminders and escalations',
        params: caseIdParams,
        querystring: z.strictObject({ days: days(92, 30).describe('How far ahead, 1 to 92 days (default 30)') }),
        response: { 200: z.object({ from: z.string(), until: z.string(), deadlines: z.array(projectedView) }), ...problemResponses },
      },
    },
    async (request) => {
      const row = caseOf(request);
      const now = Date.now();
      const until = now + request.query.days * DAY;
      const { record } = await temporal.workflow.getHandle(row.workflowId).query(caseStateQuery);
      const { policy } = await organisationPolicy(prisma, row.organisationId);
      const deadlines = projectSchedule(toFacts(record), now, until, policy);
      return { from: new Date(now).toISOString(), until: new Date(until).toISOString(), deadlines };
    },
  );
}

function myTasksRoute(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;
  app.get(
    '/me/tasks',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['cases'],
        summary:
          "A caseworker's tasks across their cases, soonest first: reassessments due and overdue, hearings, release dates, field visits",
        querystring: z.strictObject({
          days: days(31, 7).describe('How far ahead, 1 to 31 days (default 7)'),
          caseworkerId: id.optional().describe('Coordinators and admins: a caseworker of the organisation (default: you)'),
        }),
        response: { 200: z.object({ caseworkerId: z.string(), until: z.string(), tasks: z.array(taskView) }), ...problemResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const target = request.query.caseworkerId ?? caller.userId;
      if (target !== caller.userId) {
        if (!hasRole(caller, 'COORDINATOR')) throw new Problem(403, "only coordinators and admins may read another caseworker's tasks");
        const user = await prisma.user.findFirst({ where: { id: target, organisationId: caller.organisationId }, select: { id: true } });
        if (!user) throw new Problem(400, 'no user with this id in your organisation', 'caseworkerId');
      }
      const now = Date.now();
      const until = now + request.query.days * DAY;
      const cases = await prisma.case.findMany({
        where: { organisationId: caller.organisationId, caseworkerId: target, erasedAt: null },
        select: { id: true, caseCode: true, workflowId: true },
      });
      const [records, { policy }, visits] = await Promise.all([
        caseRecords(deps, cases),
        organisationPolicy(prisma, caller.organisationId),
        prisma.fieldVisit.findMany({
          where: { organisationId: caller.organisationId, userId: target, state: 'ACTIVE', expectedEndAt: { lte: new Date(until) } },
          select: { id: true, visitCode: true, expectedEndAt: true, caseId: true },
        }),
      ]);
      const codes = new Map(cases.map((c) => [c.id, c.caseCode]));
      const tasks: Task[] = [
        ...cases.flatMap((c) => {
          const record = records.get(c.id);
          return record ? caseTasks(c, record, projectSchedule(toFacts(record), now, until, policy), now, until) : [];
        }),
        ...visits.map((v) => ({
          at: v.expectedEndAt.toISOString(),
          kind: 'field-visit' as const,
          overdue: v.expectedEndAt.getTime() < now,
          caseId: v.caseId,
          caseCode: v.caseId ? (codes.get(v.caseId) ?? null) : null,
          visitId: v.id,
          visitCode: v.visitCode,
        })),
      ];
      tasks.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      return { caseworkerId: target, until: new Date(until).toISOString(), tasks };
    },
  );
}
