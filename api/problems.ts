/**
 * Every error the API answers is `application/problem+json` (RFC 9457) with, when one input is
 * to blame, the `field` that is, written as the domain writes it (`events[1].at`), so a form or
 * a script can point at it. Validation (zod), domain validation (InvalidInputError) and the case
 * workflow's update validators (whose message starts with the field) all end up here.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { z } from 'zod';
import { InvalidInputError } from '../domain/case-facts';
import { isDatabaseUnavailable } from '../platform/database';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  field?: string;
}

export const problemSchema = z
  .object({
    type: z.string().describe('A URN naming the kind of problem, e.g. urn:vigil:problem:invalid-input'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    field: z.string().optional().describe('The offending input, as a path: `events[1].at`'),
  })
  .meta({ id: 'Problem' });

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['invalid-input', 'Invalid input'],
  401: ['unauthenticated', 'Sign-in required'],
  403: ['forbidden', 'Not allowed for your role'],
  404: ['not-found', 'Not found'],
  409: ['conflict', 'Conflicts with the current state'],
  413: ['body-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  429: ['too-many-requests', 'Too many requests'],
  500: ['internal', 'Internal error'],
  503: ['unavailable', 'A service the API needs is unavailable'],
};

/** An error the API means to answer with, as a problem document. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

export const notFound = (what: string) => new Problem(404, `${what} not found`);

export function problemDocument(status: number, detail: string, field?: string): ProblemDocument {
  const [slug, title] = TITLES[status] ?? (status >= 500 ? TITLES[500] : TITLES[400]);
  return { type: `urn:vigil:problem:${slug}`, title, status, detail, ...(field ? { field } : {}) };
}

export function sendProblem(reply: FastifyReply, problem: ProblemDocument): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** `['events', 1, 'at']` as the domain names fields: `events[1].at`. */
export function fieldPathOf(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');
}

/** `hearingId: no hearing "h1" in this case` -> field `hearingId`, as InvalidInputError writes it. */
function splitFieldMessage(message: string): { field?: string; detail: string } {
  const match = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(message);
  return match ? { field: match[1], detail: match[2] } : { detail: message };
}

/** The domain's "the case is already closed" names no input of the request: a state conflict. */
function domainProblem(field: string | undefined, detail: string): ProblemDocument {
  return field && field !== 'type' ? problemDocument(400, detail, field) : problemDocument(409, detail);
}

function validationProblem(error: FastifyError): ProblemDocument {
  if (!hasZodFastifySchemaValidationErrors(error)) {
    return problemDocument(400, error.message);
  }
  const issue = error.validation[0];
  const segments = issue.instancePath
    .split('/')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const params = issue.params as { keys?: string[]; discriminator?: string };
  if (issue.keyword === 'unrecognized_keys' && params.keys?.length) {
    return problemDocument(400, `unknown field (not part of this request)`, fieldPathOf([...segments, params.keys[0]]));
  }
  if (issue.keyword === 'invalid_union' && params.discriminator) {
    const named = segments.at(-1) === params.discriminator ? segments : [...segments, params.discriminator];
    return problemDocument(400, 'is missing or not one of the known values', fieldPathOf(named));
  }
  const where = error.validationContext === 'querystring' ? 'query parameter ' : '';
  const field = fieldPathOf(segments) || undefined;
  return problemDocument(400, `${where}${issue.message}`, field);
}

/** The problem document for any error thrown while handling a request. */
export function toProblem(error: unknown): ProblemDocument {
  if (error instanceof Problem) return problemDocument(error.status, error.detail, error.field);
  if (error instanceof InvalidInputError) return domainProblem(error.field || undefined, error.problem);
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    // The validator's InvalidInputError arrives as a failure whose message starts with the field.
    const { field, detail } = splitFieldMessage(error.cause.message);
    return domainProblem(field, detail);
  }
  if (error instanceof WorkflowNotFoundError) return problemDocument(503, 'the case workflow is not running');
  if (isDatabaseUnavailable(error)) return problemDocument(503, 'the database is unavailable for a moment; try again in a few seconds');
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return validationProblem(fastifyError);
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemDocument(413, fastifyError.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemDocument(415, 'send the body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemDocument(400, 'the body is not valid JSON');
  }
  if (fastifyError.statusCode === 429) return problemDocument(429, fastifyError.message);
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return problemDocument(fastifyError.statusCode, fastifyError.message);
  }
  return problemDocument(500, 'something went wrong on our side; it has been logged');
}

const DATABASE_RETRY_AFTER_S = 5;

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    // A restart or failover of PostgreSQL takes seconds: clients and load balancers retry after that.
    if (isDatabaseUnavailable(error)) reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
    return sendProblem(reply, problem);
  });
  // Nothing of the path: a mistyped calendar feed URL carries its secret.
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemDocument(404, `no such route for ${request.method}; see /openapi.json`)),
  );
}
