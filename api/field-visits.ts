/**
 * Field visits over HTTP: a staff member starts one (why, where and with whom, encrypted and never
 * sent to Temporal; the expected end; the safety contacts, by default the duty coordinator), then
 * checks in "safe" (late too, which resolves the alarm), extends it, or presses panic, here or by
 * SMS reply. The rules live in services/field-visits.ts, services/visit-pins.ts and
 * services/visit-sms.ts.
 *
 * Who sees a visit: its visitor and the organisation's coordinators and admins; anyone else gets
 * 404. Only the visitor acts on it. A check-in with the duress PIN answers exactly as one with the
 * check-in PIN (same code path, both PINs always verified), and the visitor's own views show it as
 * a check-in: only coordinators see `endedBy: duress`.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FieldVisit, Prisma, PrismaClient } from '../generated/prisma/client';
import {
  DEFAULT_GRACE_MINUTES,
  endingShownToVisitor,
  LATE_CHECK_IN_HOURS,
  MAX_EXTENSION_MINUTES,
  MAX_GRACE_MINUTES,
  MIN_GRACE_MINUTES,
  parseVisitPlan,
} from '../domain/field-visits';
import type { FieldCipher } from '../platform/field-encryption';
import { fieldVisitUpdates, type VisitorAnswer } from '../workflows/field-visit';
import { actOnVisit, safetyContactsFor, startFieldVisit, visitTexts } from '../services/field-visits';
import { checkVisitPin, MAX_WRONG_PINS, PIN_LOCK_MINUTES } from '../services/visit-pins';
import { callerOf, hasRole, visibleCases, type Caller } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound, Problem } from './problems';
import { id, instant, noBody, problem, problemResponses, safeText } from './schemas';

const VISIT_STATES = ['ACTIVE', 'ENDED', 'MISSED', 'PANIC'] as const;
/** How a visit in each state ended, as its visitor is told. */
const SHOWN_ENDING: Record<(typeof VISIT_STATES)[number], string | null> = {
  ACTIVE: null,
  ENDED: 'check-in',
  MISSED: 'missed',
  PANIC: 'panic',
};
const visitText = safeText(z.string().trim().max(2_000, { error: 'must be at most 2,000 characters' }), 'free-text');

export const fieldVisitView = z
  .object({
    id: z.string(),
    visitCode: z.string().describe('Names the visit in SMS and email (V-XXXXXX)'),
    userId: z.string().describe('The visitor'),
    caseId: z.string().nullable(),
    state: z.enum(VISIT_STATES),
    startedAt: z.date(),
    expectedEndAt: z.date(),
    graceMinutes: z.number(),
    safetyContactIds: z.array(z.string()),
    endedBy: z.string().nullable().describe("'check-in', 'duress' (coordinators only; the visitor sees 'check-in'), 'panic' or 'missed'"),
    endedAt: z.date().nullable(),
    purpose: z.string().nullable().optional(),
    location: z.string().nullable().optional(),
    withWhom: z.string().nullable().optional(),
  })
  .meta({ id: 'FieldVisit' });
type FieldVisitView = z.infer<typeof fieldVisitView>;

/** The visit as `caller` may see it; the free text only when `cipher` is given (one visit, not lists). */
function presentVisit(row: FieldVisit, caller: Caller, cipher?: FieldCipher, live?: VisitorAnswer): FieldVisitView {
  const own = row.userId === caller.userId;
  const view: FieldVisitView = {
    id: row.id,
    visitCode: row.visitCode,
    userId: row.userId,
    caseId: row.caseId,
    state: live?.state ?? row.state,
    startedAt: row.startedAt,
    expectedEndAt: live ? new Date(live.expectedEndAt) : row.expectedEndAt,
    graceMinutes: row.graceMinutes,
    safetyContactIds: row.safetyContactIds,
    endedBy: own ? endingShownToVisitor(row.endedBy) : row.endedBy,
    endedAt: live ? (live.endedAt ? new Date(live.endedAt) : null) : row.endedAt,
  };
  // Only the visitor acts, and their answer never tells a duress check-in from a check-in.
  if (live) view.endedBy = SHOWN_ENDING[live.state];
  if (cipher) Object.assign(view, visitTexts(row, cipher));
  return view;
}

/** Which visits the caller may see: coordinators and admins the organisation's, others their own. */
function visibleVisits(caller: Caller): Prisma.FieldVisitWhereInput {
  return { organisationId: caller.organisationId, ...(hasRole(caller, 'COORDINATOR') ? {} : { userId: caller.userId }) };
}

/** The same for every PIN, the right one and the duress PIN too: it tells the phone's holder nothing. */
const pinsLocked = () =>
  new Problem(429, `too many wrong PINs for this visit: no PIN is taken for up to ${PIN_LOCK_MINUTES} minutes, even the right one`, 'pin');

/** The visit named by `:visitId` if the caller may see it (else 404, as for none), audited with its case. */
async function visitOf(prisma: PrismaClient, request: FastifyRequest): Promise<FieldVisit> {
  const { visitId } = request.params as { visitId: string };
  const visit = await prisma.fieldVisit.findFirst({ where: { id: visitId, ...visibleVisits(callerOf(request)) } });
  if (!visit) throw notFound('field visit');
  if (visit.caseId) request.auditCaseId = visit.caseId;
  return visit;
}

async function ownVisit(prisma: PrismaClient, request: FastifyRequest): Promise<FieldVisit> {
  const visit = await visitOf(prisma, request);
  if (visit.userId !== callerOf(request).userId) throw new Problem(403, 'only the visitor checks in, extends or raises panic on a visit');
  return visit;
}

const visitParams = z.strictObject({ visitId: id });
/** `also`: problems only this action answers (`{ 429: problem }`). */
const action = (summary: string, body: z.ZodType, also: Record<number, typeof problem> = {}) => ({
  config: { access: 'CASEWORKER' as const },
  schema: {
    tags: ['field visits'],
    summary,
    params: visitParams,
    body,
    response: { 200: fieldVisitView, 403: problem, ...also, ...problemResponses },
  },
});

export function fieldVisitRoutes(app: App, deps: ApiDependencies): void {
  startVisitRoute(app, deps);
  visitReadRoutes(app, deps);
  visitActionRoutes(app, deps);
}

function startVisitRoute(app: App, deps: ApiDependencies): void {
  const { prisma, fieldCipher } = deps;
  app.post(
    '/field-visits',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['field visits'],
        summary:
          'Starts your field visit: its safety contacts are alerted if you do not check in by the expected end plus the grace period',
        body: z.strictObject({
          expectedEndAt: instant.describe('When you expect to be back: in the future, within 24 hours'),
          graceMinutes: z
            .number()
            .int({ error: 'must be a whole number of minutes' })
            .min(MIN_GRACE_MINUTES, { error: `must be at least ${MIN_GRACE_MINUTES}` })
            .max(MAX_GRACE_MINUTES, { error: `must be at most ${MAX_GRACE_MINUTES}` })
            .default(DEFAULT_GRACE_MINUTES)
            .describe('Minutes after the expected end before the alert (default 15)'),
          purpose: visitText.optional().describe('Free text, encrypted; never in messages'),
          location: visitText.optional().describe('Where, free text, encrypted; never in messages'),
          withWhom: visitText.optional().describe('With whom, free text, encrypted; never in messages'),
          caseId: id.optional().describe('The case the visit is for (one you may see)'),
          safetyContactIds: z
            .array(id)
            .min(1, { error: 'must name at least one contact' })
            .max(10)
            .refine((ids) => new Set(ids).size === ids.length, { error: 'names a contact twice' })
            .optional()
            .describe("Contacts alerted together when you are in danger; default: the organisation's duty coordinator"),
        }),
        response: { 201: fieldVisitView, 409: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const body = request.body;
      const plan = parseVisitPlan(body, Date.now());
      if (body.caseId) {
        const visible = await prisma.case.findFirst({ where: { id: body.caseId, ...visibleCases(caller) }, select: { id: true } });
        if (!visible) throw new Problem(400, 'no case with this id that you may see', 'caseId');
        request.auditCaseId = body.caseId;
      }
      const safetyContactIds = await safetyContactsFor(prisma, caller, body.safetyContactIds);

      const row = await startFieldVisit(deps, {
        organisationId: caller.organisationId,
        userId: caller.userId,
        caseId: body.caseId ?? null,
        expectedEndAt: plan.expectedEndAt,
        graceMinutes: plan.graceMinutes,
        safetyContactIds,
        text: { purpose: body.purpose, location: body.location, withWhom: body.withWhom },
      });
      return reply.code(201).send(presentVisit(row, caller, fieldCipher));
    },
  );
}

/** The caller's visits, and one with its free text. */
function visitReadRoutes(app: App, { prisma, fieldCipher }: ApiDependencies): void {
  app.get(
    '/field-visits',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['field visits'],
        summary: "Field visits, newest first (the latest 100): your own; a coordinator's, the organisation's. Without their free text",
        querystring: z.strictObject({ state: z.enum(VISIT_STATES).optional() }),
        response: { 200: z.object({ visits: z.array(fieldVisitView) }), ...problemResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const rows = await prisma.fieldVisit.findMany({
        where: { ...visibleVisits(caller), state: request.query.state },
        orderBy: { startedAt: 'desc' },
        take: 100,
      });
      return { visits: rows.map((row) => presentVisit(row, caller)) };
    },
  );

  app.get(
    '/field-visits/:visitId',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['field visits'],
        summary: 'One field visit with its purpose, location and company (its visitor, coordinators and admins)',
        params: visitParams,
        response: { 200: fieldVisitView, ...problemResponses },
      },
    },
    async (request) => presentVisit(await visitOf(prisma, request), callerOf(request), fieldCipher),
  );
}

/** What the visitor does during the visit: check in (with a PIN), extend, raise panic. */
function visitActionRoutes(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;
  app.post(
    '/field-visits/:visitId/check-in',
    action(
      `Checks in safe: the visit ends. Also within ${LATE_CHECK_IN_HOURS} hours after a missed deadline: the missed-check-in alert is then resolved and everyone it paged is told. With PINs set, \`pin\` is required (the check-in PIN). After ${MAX_WRONG_PINS} wrong PINs for the visit (here and by SMS together), every PIN is refused for ${PIN_LOCK_MINUTES} minutes (429) and the safety contacts are alerted`,
      z
        .strictObject({ pin: z.string().max(20).optional().describe('Your check-in PIN, once you have set PINs (PUT /me/check-in-pins)') })
        .nullish(),
      { 429: problem },
    ),
    async (request) => {
      const visit = await ownVisit(prisma, request);
      const user = await prisma.user.findUniqueOrThrow({ where: { id: visit.userId } });
      const pin = (request.body as { pin?: string } | null | undefined)?.pin;
      const verdict = await checkVisitPin(deps, visit, user, pin);
      if (verdict === 'locked') throw pinsLocked();
      if (verdict === 'wrong')
        throw new Problem(400, pin === undefined ? 'is required: you have set a check-in PIN' : 'is not your PIN', 'pin');
      const answer = await actOnVisit(deps, visit, fieldVisitUpdates.checkIn, { duress: verdict === 'duress' });
      return presentVisit(visit, callerOf(request), undefined, answer);
    },
  );

  app.post(
    '/field-visits/:visitId/extend',
    action(
      'Moves the expected end later by `minutes` (from now when the end has passed); the alert deadline moves with it',
      z.strictObject({
        minutes: z
          .number()
          .int({ error: 'must be a whole number of minutes' })
          .min(1, { error: 'must be at least 1' })
          .max(MAX_EXTENSION_MINUTES, { error: `must be at most ${MAX_EXTENSION_MINUTES}` }),
      }),
    ),
    async (request) => {
      const visit = await ownVisit(prisma, request);
      const { minutes } = request.body as { minutes: number };
      const answer = await actOnVisit(deps, visit, fieldVisitUpdates.extend, { minutes });
      return presentVisit(visit, callerOf(request), undefined, answer);
    },
  );

  app.post('/field-visits/:visitId/panic', action('Raises an urgent alert to your safety contacts at once', noBody), async (request) => {
    const visit = await ownVisit(prisma, request);
    const answer = await actOnVisit(deps, visit, fieldVisitUpdates.panic);
    return presentVisit(visit, callerOf(request), undefined, answer);
  });
}
