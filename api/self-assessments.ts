/**
 * The organisation's safety self-assessment: coordinators record it (scores in clear for the
 * trend, notes encrypted), the organisation's selfAssessmentWorkflow keeps its schedule. The
 * workflow hears only the time and the derived level.
 *
 * The workflow is started here, idempotently (an existing run is kept): for every organisation
 * when the API starts and every hour after, because organisations are created offline
 * (`npm run organisation`, the first start); and with each update (update-with-start), so
 * recording never waits for the next sweep.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { INDICATORS, MAX_SCORE, organisationRiskLevel, parseSelfAssessment, type Notes } from '../domain/self-assessment';
import { selfAssessmentNotesContext } from '../platform/encrypted-columns';
import { selfAssessmentUpdates } from '../workflows/self-assessment';
import { selfAssessmentSchedules } from '../services/self-assessment-schedules';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { instant, pagination, problemResponses, riskLevel } from './schemas';
import { selfAssessmentScheduleView } from './views';

const SWEEP_EVERY_MS = 60 * 60_000;

const selfAssessmentView = z
  .object({
    id: z.string(),
    at: z.date(),
    scores: z.record(z.string(), z.number()),
    riskLevel,
    notes: z.record(z.string(), z.string()).describe('Decrypted for the reader'),
    recordedById: z.string(),
  })
  .meta({ id: 'SelfAssessment' });

const SCALE_TEXT = INDICATORS.map((i) => `${i.key}: ${i.title} (${i.scale.map((label, score) => `${score} ${label}`).join('; ')})`).join(
  '. ',
);

export function selfAssessmentRoutes(app: App, deps: ApiDependencies): void {
  const { log } = deps;
  const schedules = selfAssessmentSchedules(deps);

  // The sweep: at start, then hourly. Never in the way of the API starting or stopping.
  let timer: NodeJS.Timeout | undefined;
  const sweep = () => void schedules.ensureAll().catch((err: unknown) => log.warn({ err }, 'self-assessment sweep failed'));
  app.addHook('onReady', async () => {
    sweep();
    timer = setInterval(sweep, SWEEP_EVERY_MS).unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));

  listSelfAssessmentsRoute(app, deps, schedules);
  recordSelfAssessmentRoute(app, deps, schedules);
}

type Schedules = ReturnType<typeof selfAssessmentSchedules>;

function listSelfAssessmentsRoute(app: App, { prisma, fieldCipher }: ApiDependencies, schedules: Schedules): void {
  app.get(
    '/self-assessments',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['provider safety'],
        summary: "The organisation's safety self-assessments, newest first (the trend), the indicators' scales and the schedule",
        querystring: z.strictObject(pagination),
        response: {
          200: z.object({
            indicators: z.array(z.object({ key: z.string(), title: z.string(), scale: z.array(z.string()) })),
            schedule: selfAssessmentScheduleView,
            selfAssessments: z.array(selfAssessmentView),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { organisationId } = callerOf(request);
      const [rows, schedule] = await Promise.all([
        prisma.selfAssessment.findMany({
          where: { organisationId },
          orderBy: { at: 'desc' },
          take: request.query.limit,
          skip: request.query.offset,
        }),
        schedules.schedule(organisationId),
      ]);
      return {
        indicators: INDICATORS.map(({ key, title, scale }) => ({ key, title, scale: [...scale] })),
        schedule,
        selfAssessments: rows.map((row) => ({
          id: row.id,
          at: row.at,
          scores: row.scores as Record<string, number>,
          riskLevel: row.riskLevel,
          notes: row.notesEncrypted
            ? (JSON.parse(fieldCipher.decrypt(row.notesEncrypted, selfAssessmentNotesContext(row.id))) as Notes)
            : {},
          recordedById: row.recordedById,
        })),
      };
    },
  );
}

function recordSelfAssessmentRoute(app: App, { prisma, fieldCipher }: ApiDependencies, schedules: Schedules): void {
  app.post(
    '/self-assessments',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['provider safety'],
        summary: `Records the organisation's safety self-assessment: each of the eight indicators scored 0 to ${MAX_SCORE}; the organisation risk level is derived from the scores`,
        description: `Scales: ${SCALE_TEXT}.`,
        // The domain validates the scores and names the field (scores.perceivedCorruption).
        body: z.strictObject({
          at: instant.optional().describe('When it was done; default: now'),
          scores: z.record(z.string(), z.unknown()).describe('Indicator key -> score, every indicator required'),
          notes: z.record(z.string(), z.unknown()).optional().describe('Indicator key -> note; encrypted at rest, never sent anywhere'),
        }),
        response: {
          201: z.object({ selfAssessment: selfAssessmentView, schedule: selfAssessmentScheduleView }),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { at, scores, notes } = parseSelfAssessment(request.body, Date.now());
      const level = organisationRiskLevel(scores);
      const id = randomUUID();
      const row = await prisma.selfAssessment.create({
        data: {
          id,
          organisationId: caller.organisationId,
          at: new Date(at),
          scores,
          riskLevel: level,
          notesEncrypted: Object.keys(notes).length ? fieldCipher.encrypt(JSON.stringify(notes), selfAssessmentNotesContext(id)) : null,
          recordedById: caller.userId,
        },
      });
      const schedule = await schedules.tell(caller.organisationId, selfAssessmentUpdates.recorded, { at, riskLevel: level });
      return reply.code(201).send({
        selfAssessment: { id, at: row.at, scores, riskLevel: level, notes, recordedById: caller.userId },
        schedule,
      });
    },
  );
}
