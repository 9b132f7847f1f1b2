/**
 * Cases: opening one (services/cases.ts), listing, reading (row plus the workflow's live state),
 * reassigning, closing and reopening. The workflow is driven only through its messages.
 */
import { z } from 'zod';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { caseStateQuery, caseUpdates, contactsChangedSignal } from '../workflows/case-messages';
import { openCase } from '../services/cases';
import { foreignContactIds } from '../services/contacts';
import { callerOf, caseOf, hasRole, visibleCases, type Caller } from './auth';
import type { ApiDependencies, App } from './context';
import { Problem } from './problems';
import { isUniqueViolation } from '../platform/database';
import { caseIdParams, codeNaming, id, instant, pagination, problem, problemResponses, riskLevel, stage } from './schemas';
import { eventAnswer, recordCaseEvent } from './event-answers';
import { caseView, designatedContactView, presentCase, presentDesignatedContacts, scheduleView } from './views';

const CONTACT_ROLES = ['CASEWORKER', 'COORDINATOR', 'POLICE_LIAISON', 'LAWYER', 'SHELTER_STAFF', 'OTHER'] as const;
const designatedContacts = z
  .array(z.strictObject({ contactId: id, role: z.enum(CONTACT_ROLES).default('OTHER') }))
  .max(20)
  .refine((list) => new Set(list.map((c) => c.contactId)).size === list.length, { error: 'names a contact twice' })
  .describe('Who urgent alerts reach, in chain order: the first is alerted first');

/** The people and contacts a case names must be the caller's organisation's, in the right roles. */
async function checkAssignment(
  prisma: PrismaClient,
  caller: Caller,
  people: { caseworkerId?: string; coordinatorId?: string; designatedContacts?: { contactId: string }[] },
): Promise<void> {
  const { caseworkerId, coordinatorId } = people;
  const user = (userId: string) => prisma.user.findFirst({ where: { id: userId, organisationId: caller.organisationId, active: true } });
  // By rank, so a role that works no case (the national office) can be neither.
  if (caseworkerId !== undefined) {
    const caseworker = await user(caseworkerId);
    if (!caseworker || !hasRole(caseworker, 'CASEWORKER'))
      throw new Problem(400, 'no active user with this id in your organisation who works cases', 'caseworkerId');
  }
  if (coordinatorId !== undefined) {
    const coordinator = await user(coordinatorId);
    if (!coordinator || !hasRole(coordinator, 'COORDINATOR')) {
      throw new Problem(400, 'must be an active coordinator or admin of your organisation', 'coordinatorId');
    }
  }
  const ids = people.designatedContacts?.map((c) => c.contactId) ?? [];
  const [foreign] = await foreignContactIds(prisma, caller.organisationId, ids);
  if (foreign)
    throw new Problem(400, 'no contact with this id in your organisation', `designatedContacts[${ids.indexOf(foreign)}].contactId`);
}

const caseDetail = z.object({
  case: caseView.extend({
    caseworkerName: z.string(),
    coordinatorName: z.string(),
    designatedContacts: z.array(designatedContactView.extend({ displayName: z.string() })),
  }),
  live: z
    .object({
      record: z
        .record(z.string(), z.unknown())
        .describe('What the workflow knows: stage, risk level, hearings, perpetrator events, incidents, relocations, last assessment'),
      contacts: z.object({
        caseworkerId: z.string().nullable(),
        coordinatorId: z.string().nullable(),
        designatedContactIds: z.array(z.string()),
      }),
      schedule: scheduleView,
    })
    .nullable()
    .describe("The case workflow's current state, by query; null once the case is erased (its workflow is ended)"),
});

export function caseRoutes(app: App, deps: ApiDependencies): void {
  openCaseRoute(app, deps);
  listCasesRoute(app, deps);
  readCaseRoute(app, deps);
  reassignCaseRoute(app, deps);
  closeAndReopenRoutes(app, deps);
}

function openCaseRoute(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;
  app.post(
    '/cases',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['cases'],
        summary: 'Opens a case and starts its schedule (a caseworker opens cases for themselves)',
        body: z.strictObject({
          caseCode: codeNaming('Pseudonymous code, the only name of the case outside the case file'),
          riskLevel,
          caseworkerId: id.optional().describe('Default: you'),
          coordinatorId: id.optional().describe('Default: you, if you are a coordinator or admin'),
          identifiedAt: instant.optional().describe('Default: now'),
          designatedContacts: designatedContacts.default([]),
        }),
        response: { 201: caseView, 403: problem, 409: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body;
      const caseworkerId = body.caseworkerId ?? caller.userId;
      if (caller.role === 'CASEWORKER' && caseworkerId !== caller.userId)
        throw new Problem(403, 'a caseworker opens cases only for themselves');
      const coordinatorId = body.coordinatorId ?? (hasRole(caller, 'COORDINATOR') ? caller.userId : undefined);
      if (!coordinatorId) throw new Problem(400, 'is required: the coordinator of the case', 'coordinatorId');
      const identifiedAt = body.identifiedAt ?? new Date().toISOString();
      if (Date.parse(identifiedAt) > Date.now()) throw new Problem(400, 'must not be in the future', 'identifiedAt');
      await checkAssignment(prisma, caller, { caseworkerId, coordinatorId, designatedContacts: body.designatedContacts });
      try {
        const row = await openCase(deps, {
          organisationId: caller.organisationId,
          caseCode: body.caseCode,
          riskLevel: body.riskLevel,
          caseworkerId,
          coordinatorId,
          identifiedAt,
          designatedContactIds: body.designatedContacts.map((c) => c.contactId),
          contactRoles: Object.fromEntries(body.designatedContacts.map((c) => [c.contactId, c.role])),
        });
        request.auditCaseId = row.id;
        return reply.code(201).send(presentCase(row));
      } catch (error) {
        if (isUniqueViolation(error)) throw new Problem(409, 'your organisation already has a case with this code', 'caseCode');
        throw error;
      }
    },
  );
}

function listCasesRoute(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/cases',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['cases'],
        summary: 'Cases you may see (a caseworker: those assigned to them), soonest due first',
        querystring: z.strictObject({
          stage: stage.optional(),
          riskLevel: riskLevel.optional(),
          caseworkerId: id.optional(),
          overdue: z.enum(['true', 'false']).optional().describe('true: open cases whose reassessment is past due'),
          caseCode: codeNaming('Exactly this case code').optional(),
          caseCodePrefix: codeNaming(
            'Case codes starting with this, whatever the case of the letters (BG-2027 finds bg-2027/014)',
          ).optional(),
          ...pagination,
        }),
        response: { 200: z.object({ cases: z.array(caseView.extend({ caseworkerName: z.string() })) }), ...problemResponses },
      },
    },
    async (request) => {
      const { stage: s, riskLevel: r, caseworkerId, overdue, caseCode, caseCodePrefix, limit, offset } = request.query;
      // Prisma hands a prefix to LIKE as it is: '_' (allowed in codes) must match only itself.
      const prefix = caseCodePrefix?.replace(/[\\%_]/g, '\\$&');
      const byCode: Prisma.CaseWhereInput[] = [
        ...(caseCode ? [{ caseCode }] : []),
        ...(prefix ? [{ caseCode: { startsWith: prefix, mode: 'insensitive' as const } }] : []),
      ];
      const now = new Date();
      const overdueFilter: Prisma.CaseWhereInput =
        overdue === 'true'
          ? { closedAt: null, nextDueAt: { lt: now } }
          : overdue === 'false'
            ? { NOT: { closedAt: null, nextDueAt: { lt: now } } }
            : {};
      const rows = await prisma.case.findMany({
        where: { AND: [visibleCases(callerOf(request)), { stage: s, riskLevel: r, caseworkerId }, overdueFilter, ...byCode] },
        orderBy: [{ nextDueAt: { sort: 'asc', nulls: 'last' } }, { caseCode: 'asc' }],
        take: limit,
        skip: offset,
        include: { caseworker: { select: { displayName: true } } },
      });
      return { cases: rows.map(({ caseworker, ...row }) => ({ ...presentCase(row), caseworkerName: caseworker.displayName })) };
    },
  );
}

function readCaseRoute(app: App, { prisma, temporal }: ApiDependencies): void {
  app.get(
    '/cases/:caseId',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['cases'],
        summary: 'A case: its record and its live schedule',
        params: caseIdParams,
        response: { 200: caseDetail, ...problemResponses },
      },
    },
    async (request) => {
      const row = caseOf(request);
      const [contacts, people, state] = await Promise.all([
        prisma.caseContact.findMany({ where: { caseId: row.id }, include: { contact: { select: { displayName: true } } } }),
        prisma.user.findMany({ where: { id: { in: [row.caseworkerId, row.coordinatorId] } }, select: { id: true, displayName: true } }),
        row.erasedAt ? null : temporal.workflow.getHandle(row.workflowId).query(caseStateQuery),
      ]);
      const nameOf = (userId: string) => people.find((p) => p.id === userId)?.displayName ?? '';
      const names = new Map(contacts.map((c) => [c.contactId, c.contact.displayName]));
      return {
        case: {
          ...presentCase(row),
          caseworkerName: nameOf(row.caseworkerId),
          coordinatorName: nameOf(row.coordinatorId),
          designatedContacts: presentDesignatedContacts(contacts).map((c) => ({ ...c, displayName: names.get(c.contactId) ?? '' })),
        },
        live: state && { record: { ...state.record }, contacts: state.contacts, schedule: state.schedule },
      };
    },
  );
}

function reassignCaseRoute(app: App, { prisma, temporal }: ApiDependencies): void {
  app.post(
    '/cases/:caseId/reassign',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['cases'],
        summary: 'Changes who works, coordinates and is alerted for a case; the workflow hears at once',
        params: caseIdParams,
        body: z
          .strictObject({ caseworkerId: id.optional(), coordinatorId: id.optional(), designatedContacts: designatedContacts.optional() })
          .refine((b) => Object.keys(b).length > 0, {
            error: 'name at least one of caseworkerId, coordinatorId, designatedContacts',
            path: ['caseworkerId'],
          }),
        response: { 200: caseView.extend({ designatedContacts: z.array(designatedContactView) }), ...problemResponses },
      },
    },
    async (request) => {
      const row = caseOf(request);
      const { caseworkerId, coordinatorId, designatedContacts: chain } = request.body;
      await checkAssignment(prisma, callerOf(request), request.body);
      const [updated] = await prisma.$transaction([
        prisma.case.update({ where: { id: row.id }, data: { caseworkerId, coordinatorId } }),
        ...(chain
          ? [
              prisma.caseContact.deleteMany({ where: { caseId: row.id } }),
              prisma.caseContact.createMany({
                data: chain.map((c, i) => ({ caseId: row.id, contactId: c.contactId, role: c.role, level: i + 1 })),
              }),
            ]
          : []),
      ]);
      const contacts = presentDesignatedContacts(await prisma.caseContact.findMany({ where: { caseId: row.id } }));
      // Sent after the commit: if Temporal is unreachable the answer is an error, and repeating
      // the same request (idempotent) brings the workflow in line.
      await temporal.workflow.getHandle(row.workflowId).signal(contactsChangedSignal, {
        caseworkerId: updated.caseworkerId,
        coordinatorId: updated.coordinatorId,
        designatedContactIds: contacts.map((c) => c.contactId),
      });
      return { ...presentCase(updated), designatedContacts: contacts };
    },
  );
}

/** Closing and reopening: case events, recorded like the others (event-answers.ts). */
function closeAndReopenRoutes(app: App, deps: ApiDependencies): void {
  for (const [action, update, summary] of [
    ['close', caseUpdates.caseClosed, 'Closes a case: no more reassessments, but a release watch stays'],
    ['reopen', caseUpdates.caseReopened, 'Reopens a closed case'],
  ] as const) {
    app.post(
      `/cases/:caseId/${action}`,
      {
        config: { access: 'COORDINATOR' },
        schema: {
          tags: ['cases'],
          summary,
          params: caseIdParams,
          body: z.strictObject({ at: instant.optional().describe('Default: now') }).nullish(),
          response: { 200: eventAnswer, ...problemResponses },
        },
      },
      async (request) => recordCaseEvent(deps, request, caseOf(request).workflowId, update, { at: request.body?.at }),
    );
  }
}
