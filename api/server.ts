/**
 * The HTTP API: translates requests into database reads and Temporal client calls, nothing
 * more. Business rules live in domain/, orchestration in workflows/.
 *
 * Every request passes, in order: the text guard (input-guard.ts: no control characters in any
 * string), access control (auth.ts: who, which role, which case), zod validation (strict:
 * unknown fields are refused), the handler, the audit log (audit.ts, written before the answer
 * leaves), metrics. Every error answers application/problem+json.
 */
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkDatabase } from '../platform/database';
import { checkTemporal } from '../platform/temporal';
import { accountRoutes } from './account';
import { apiTokenRoutes } from './api-tokens';
import { acknowledgementRoutes } from './acknowledgements';
import { alertPageRoutes } from './alert-page';
import { alertRoutes } from './alerts';
import { auditRoutes, installAuditLog } from './audit';
import { installAccessControl } from './auth';
import { calendarFeedRoutes, calendarRoutes } from './calendar';
import { codecRoutes } from './codec';
import { caseEventRoutes } from './case-events';
import { caseRoutes } from './cases';
import { contactRoutes } from './contacts';
import { escalationChainRoutes } from './escalation-chain';
import type { ApiDependencies, App } from './context';
import { dashboardRoutes } from './dashboard';
import { dashboardAheadRoutes } from './dashboard-ahead';
import { fieldVisitRoutes } from './field-visits';
import { safetyContactChoiceRoutes } from './safety-contact-choices';
import { erasureRoutes } from './erasure';
import { evaluationRoutes } from './evaluation';
import { installInputGuard } from './input-guard';
import { installMetrics } from './metrics';
import { organisationPolicyRoutes } from './organisation-policy';
import { organisationSettingsRoutes } from './organisation-settings';
import { documentProblems } from './problem-docs';
import { installProblemHandlers } from './problems';
import { procedureRoutes } from './procedures';
import { scheduleRoutes } from './schedules';
import { safetyRoutes } from './safety';
import { selfAssessmentRoutes } from './self-assessments';
import { timelineRoutes } from './timeline';
import { caseDeadlineRoutes } from './case-deadlines';
import { userRoutes } from './users';
import { webAppRoutes } from './web-app';
import { webSessionRoutes } from './web-session';

export type { ApiDependencies } from './context';

const check = z.object({ ok: z.boolean(), latencyMs: z.number().optional(), error: z.string().optional() });
const readiness = z.object({ status: z.enum(['ready', 'unavailable']), database: check, temporal: check });

/** Requests carry events and short texts; notes are capped at 10,000 characters. */
const BODY_LIMIT_BYTES = 64 * 1024;

export function buildApi(deps: ApiDependencies): App {
  const { prisma, log } = deps;
  const app = Fastify({
    loggerInstance: log.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Past this the router answers a bare 414; below it, every path parameter reaches its route's
    // validation, which names it (400).
    routerOptions: { maxParamLength: 2048 },
    trustProxy: deps.trustProxy ?? false,
    // Fastify's own request lines carry the raw URL, and a calendar feed's URL is its secret:
    // metrics.ts logs one line per request with the route's pattern instead.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installProblemHandlers(app);
  documentProblems(app);
  installInputGuard(app);
  installAccessControl(app, prisma);
  installAuditLog(app, deps);
  const metrics = installMetrics(app);

  app.register(rateLimit, { global: false, hook: 'preHandler' });
  documentApi(app);
  app.register(async (routes: App) => {
    operationRoutes(routes, app, deps);
    accountRoutes(routes, deps);
    webSessionRoutes(routes, deps);
    apiTokenRoutes(routes, deps);
    userRoutes(routes, deps);
    contactRoutes(routes, deps);
    escalationChainRoutes(routes, deps);
    caseRoutes(routes, deps);
    caseEventRoutes(routes, deps, metrics);
    timelineRoutes(routes, deps);
    caseDeadlineRoutes(routes, deps);
    alertRoutes(routes, deps);
    fieldVisitRoutes(routes, deps);
    safetyContactChoiceRoutes(routes, deps);
    acknowledgementRoutes(routes, deps);
    alertPageRoutes(routes, deps);
    dashboardRoutes(routes, deps);
    dashboardAheadRoutes(routes, deps);
    calendarRoutes(routes, deps);
    calendarFeedRoutes(routes, deps);
    auditRoutes(routes, deps);
    erasureRoutes(routes, deps);
    selfAssessmentRoutes(routes, deps);
    organisationSettingsRoutes(routes, deps);
    organisationPolicyRoutes(routes, deps);
    scheduleRoutes(routes, deps);
    procedureRoutes(routes, deps);
    safetyRoutes(routes, deps);
    codecRoutes(routes, deps);
    evaluationRoutes(routes, deps);
  });
  webAppRoutes(app, deps.webApp);

  return app;
}

/** The OpenAPI document and its Swagger UI page. */
function documentApi(app: App): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Vigil API',
        version: '1',
        description:
          'Keeps the safety schedule of human-trafficking cases. Sign in with POST /auth/login (or use an API token) and send ' +
          '`Authorization: Bearer <token>`. Errors are application/problem+json naming the offending `field`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  // Swagger UI's assets ship in the package: the page loads nothing from elsewhere.
  app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } as object });
}

/** Liveness, readiness and the OpenAPI document, for operators and tools. */
function operationRoutes(routes: App, app: App, { prisma, temporal }: ApiDependencies): void {
  // Liveness: the process answers.
  routes.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['operations'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  // Readiness: both things the API needs answer.
  routes.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: Temporal and the database reachable',
        response: { 200: readiness, 503: readiness.describe('Not ready: the failing check says why') },
      },
    },
    async (_request, reply) => {
      const [database, temporalCheck] = await Promise.all([checkDatabase(prisma), checkTemporal(temporal)]);
      const ready = database.ok && temporalCheck.ok;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', database, temporal: temporalCheck });
    },
  );

  routes.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
