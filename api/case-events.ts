/**
 * What happens to a case, recorded by the people and systems that learn it. Each event is one
 * update of the case workflow, whose validator has the last word, and each answers the schedule
 * that results. Free text (assessment notes, incident descriptions) never goes to the workflow:
 * it is encrypted into SQL once the workflow has accepted the event.
 *
 * The schedule preview applies hypothetical events to the live record with the same domain
 * functions the workflow uses, and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import { z } from 'zod';
import { InvalidInputError } from '../domain/case-facts';
import { CODE_RULE } from '../domain/text';
import { parseCaseEvent } from '../domain/case-event-parser';
import {
  applyCaseEvent,
  CASE_EVENT_TYPES,
  PROVIDER_RISK_FACTORS,
  toFacts,
  type CaseEventType,
  type CaseRecord,
} from '../domain/case-events';
import { computeSchedule } from '../domain/policy';
import { descriptionContext, notesContext } from '../platform/encrypted-columns';
import { caseStateQuery, caseUpdates, type ScheduleChange } from '../workflows/case-messages';
import { callerOf, caseOf } from './auth';
import type { ApiDependencies, App } from './context';
import { organisationPolicy } from '../services/organisation-policy';
import { Problem } from './problems';
import {
  caseIdParams,
  code,
  codeNaming,
  hearingKind,
  incidentType,
  instant,
  noBody,
  openStage,
  perpetratorStatus,
  privateText,
  problemResponses,
  relocationKind,
  riskLevel,
} from './schemas';
import { eventAnswer, recordCaseEvent } from './event-answers';
import { scheduleView } from './views';

const at = instant.optional().describe('When it happened; default: now');
const measures = z.array(code).max(20).describe(`Codes of the security measures decided (never free text): ${CODE_RULE}`);

/** Event bodies without their type: one route each, and the members of a preview. */
const assessment = {
  at,
  riskLevel,
  measures: measures.default([]),
  providerRisk: riskLevel
    .optional()
    .describe(
      "Risk to the organisation's staff from this case; HIGH or CRITICAL adds the duty coordinator to the case's alert chain until a later assessment lowers it",
    ),
  providerRiskFactors: z
    .array(z.enum(PROVIDER_RISK_FACTORS))
    .max(PROVIDER_RISK_FACTORS.length)
    .optional()
    .describe('What raised the provider risk (needs providerRisk)'),
};
const hearingScheduled = {
  hearingId: codeNaming("The court's or your own id of the hearing; default: generated").optional(),
  at: instant,
  kind: hearingKind,
};
const perpetrator = {
  status: perpetratorStatus,
  at,
  releaseDate: instant.optional().describe('Required when status is RELEASE_ANNOUNCED'),
};
const incident = { at, incidentType, severity: riskLevel };
const relocation = { at, kind: relocationKind };

/** Each event's body in a preview, for every case event type (the compiler checks none is missing). */
const PREVIEW_BODIES = {
  'assessment.completed': assessment,
  'hearing.scheduled': { ...hearingScheduled, hearingId: code },
  'hearing.moved': { hearingId: code, at: instant },
  'hearing.cancelled': { hearingId: code },
  'hearing.held': { hearingId: code },
  'perpetrator.status': perpetrator,
  'incident.reported': incident,
  'relocation.recorded': relocation,
  'stage.changed': { stage: openStage },
  'case.closed': { at },
  'case.reopened': { at },
} satisfies Record<CaseEventType, z.ZodRawShape>;

const previewVariant = (type: CaseEventType) => z.strictObject({ type: z.literal(type), ...PREVIEW_BODIES[type] });
const [firstType, ...otherTypes] = CASE_EVENT_TYPES;
const previewEvent = z.discriminatedUnion('type', [previewVariant(firstType), ...otherTypes.map(previewVariant)]);

const hearingParams = caseIdParams.extend({ hearingId: code });

/**
 * The record after hypothetical events. Events may lie in the future here ("what if he is
 * released on Monday?"), so each is checked against its own time rather than now.
 */
export function previewRecord(record: CaseRecord, events: z.infer<typeof previewEvent>[], now: number): CaseRecord {
  return events.reduce((current, event, i) => {
    try {
      const own = 'at' in event && event.at ? Math.max(now, Date.parse(event.at)) : now;
      return applyCaseEvent(current, parseCaseEvent(event, own));
    } catch (error) {
      if (error instanceof InvalidInputError) throw new Problem(400, error.problem, `events[${i}].${error.field}`);
      throw error;
    }
  }, record);
}

type Metrics = { caseEvents: Counter<'event'> };

/** Case events, by group: the ones with encrypted text beside them, hearings, the others, the preview. */
export function caseEventRoutes(app: App, deps: ApiDependencies, metrics: Metrics): void {
  const record = recorder(deps, metrics);
  eventsWithText(app, deps, record);
  hearingEvents(app, record);
  otherEvents(app, record);
  schedulePreview(app, deps);
}

type RecordEvent = <A extends object>(
  request: FastifyRequest,
  update: UpdateDefinition<ScheduleChange, [A]>,
  args: A,
) => ReturnType<typeof recordCaseEvent>;

/** Sends one event to the request's case; answers the schedule before and after it, and why. */
function recorder(deps: ApiDependencies, metrics: Metrics): RecordEvent {
  return async (request, update, args) => {
    const answer = await recordCaseEvent(deps, request, caseOf(request).workflowId, update, args);
    metrics.caseEvents.inc({ event: update.name });
    return answer;
  };
}

const eventRoute = <B extends z.ZodType>(summary: string, body: B, params: z.ZodType = caseIdParams) => ({
  config: { access: 'CASEWORKER' as const },
  schema: { tags: ['case events'], summary, params, body, response: { 200: eventAnswer, ...problemResponses } },
});

/** Assessments and incidents: the event to the workflow, its free text encrypted into SQL only. */
function eventsWithText(app: App, { prisma, fieldCipher }: ApiDependencies, record: RecordEvent): void {
  app.post(
    '/cases/:caseId/assessments',
    eventRoute(
      'Records a completed risk assessment: the new level, the measures and notes (notes are encrypted and stay out of the workflow)',
      z.strictObject({
        ...assessment,
        notes: privateText.optional().describe('Free text; encrypted at rest, shown only to those who may read the case'),
      }),
    ),
    async (request) => {
      const row = caseOf(request);
      const { notes, ...event } = request.body;
      const when = event.at ?? new Date().toISOString();
      const answer = await record(request, caseUpdates.assessmentCompleted, { ...event, at: when });
      await prisma.assessment.create({
        data: {
          organisationId: row.organisationId,
          caseId: row.id,
          at: new Date(when),
          riskLevel: event.riskLevel,
          measures: event.measures,
          providerRisk: event.providerRisk ?? null,
          providerRiskFactors: [...new Set(event.providerRiskFactors ?? [])],
          notesEncrypted: notes ? fieldCipher.encrypt(notes, notesContext(row.id)) : null,
          recordedById: callerOf(request).userId,
        },
      });
      return answer;
    },
  );

  app.post(
    '/cases/:caseId/incidents',
    eventRoute(
      'Reports an incident (threat, approach, bribe, surveillance, ...); the description is encrypted and stays out of the workflow',
      z.strictObject({ ...incident, description: privateText.optional() }),
    ),
    async (request) => {
      const row = caseOf(request);
      const { description, ...event } = request.body;
      const when = event.at ?? new Date().toISOString();
      const answer = await record(request, caseUpdates.incidentReported, { ...event, at: when });
      await prisma.incident.create({
        data: {
          organisationId: row.organisationId,
          caseId: row.id,
          at: new Date(when),
          incidentType: event.incidentType,
          severity: event.severity,
          descriptionEncrypted: description ? fieldCipher.encrypt(description, descriptionContext(row.id)) : null,
          recordedById: callerOf(request).userId,
        },
      });
      return answer;
    },
  );
}

function hearingEvents(app: App, record: RecordEvent): void {
  app.post('/cases/:caseId/hearings', eventRoute('Schedules a hearing', z.strictObject(hearingScheduled)), async (request) => {
    const hearingId = request.body.hearingId ?? `h-${randomBytes(6).toString('hex')}`;
    return record(request, caseUpdates.hearingScheduled, { ...request.body, hearingId });
  });

  app.post(
    '/cases/:caseId/hearings/:hearingId/move',
    eventRoute('Moves a scheduled hearing to another time', z.strictObject({ at: instant }), hearingParams),
    async (request) => {
      const { hearingId } = request.params as z.infer<typeof hearingParams>;
      return record(request, caseUpdates.hearingMoved, { hearingId, at: request.body.at });
    },
  );

  for (const [action, update, summary] of [
    ['cancel', caseUpdates.hearingCancelled, 'Cancels a scheduled hearing'],
    ['held', caseUpdates.hearingHeld, 'Records that a hearing took place (a debrief becomes due)'],
  ] as const) {
    app.post(`/cases/:caseId/hearings/:hearingId/${action}`, eventRoute(summary, noBody, hearingParams), async (request) =>
      record(request, update, { hearingId: (request.params as z.infer<typeof hearingParams>).hearingId }),
    );
  }
}

function otherEvents(app: App, record: RecordEvent): void {
  app.post(
    '/cases/:caseId/perpetrator-status',
    eventRoute("Records the perpetrator's status: release announced, released, escaped, detained", z.strictObject(perpetrator)),
    async (request) => record(request, caseUpdates.perpetratorStatus, request.body),
  );

  app.post(
    '/cases/:caseId/relocations',
    eventRoute('Records a relocation, a shelter entered or left, or a return to the country of origin', z.strictObject(relocation)),
    async (request) => record(request, caseUpdates.relocationRecorded, request.body),
  );

  app.post(
    '/cases/:caseId/stage',
    eventRoute('Moves an open case to another stage (PROTECTION, PROCEEDINGS, POST_TRIAL, ...)', z.strictObject({ stage: openStage })),
    async (request) => record(request, caseUpdates.stageChanged, request.body),
  );
}

function schedulePreview(app: App, { prisma, temporal }: ApiDependencies): void {
  app.post(
    '/cases/:caseId/schedule-preview',
    {
      config: { access: 'CASEWORKER' },
      schema: {
        tags: ['case events'],
        summary: 'The schedule that hypothetical events would give the case; records nothing',
        params: caseIdParams,
        body: z.strictObject({ events: z.array(previewEvent).min(1).max(50) }),
        response: { 200: z.object({ current: scheduleView, preview: scheduleView }), ...problemResponses },
      },
    },
    async (request) => {
      const row = caseOf(request);
      const state = await temporal.workflow.getHandle(row.workflowId).query(caseStateQuery);
      const record = previewRecord(state.record, request.body.events, Date.now());
      const { policy } = await organisationPolicy(prisma, row.organisationId);
      return { current: state.schedule, preview: computeSchedule(toFacts(record), policy) };
    },
  );
}
