/**
 * The building blocks of the API's request and response schemas (zod, which also writes the
 * OpenAPI document). Request objects are strict: an unknown field is refused, never ignored.
 */
import { z } from 'zod';
import { instantMs, PERPETRATOR_EVENT_TYPES, RISK_LEVELS } from '../domain/case-facts';
import { HEARING_KINDS, INCIDENT_TYPES, RELOCATION_KINDS, STAGES } from '../domain/case-events';
import { CODE_MAX_LENGTH, CODE_PATTERN, CODE_PROBLEM, CODE_RULE } from '../domain/text';
import { safeText } from '../services/inputs';
import { problemSchema } from './problems';

export { email, safeText, singleLine } from '../services/inputs';

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

/** An instant as the domain reads it (offset required), within this century: typos like 0202 are refused. */
export const instant = z
  .string()
  .refine((text) => !Number.isNaN(instantMs(text)), {
    error: 'must be a real ISO 8601 instant with an offset or Z, e.g. 2027-01-10T08:00:00Z',
    abort: true,
  })
  .refine((text) => instantMs(text) >= EARLIEST && instantMs(text) < LATEST, { error: 'must lie between the years 2000 and 2099' })
  .meta({ format: 'date-time', example: '2027-03-01T09:00:00+01:00' });

export const id = z.uuid({ error: 'must be a UUID' });
export const riskLevel = z.enum(RISK_LEVELS);
export const stage = z.enum(STAGES);
export const openStage = stage.exclude(['CLOSED']);
export const hearingKind = z.enum(HEARING_KINDS);
export const incidentType = z.enum(INCIDENT_TYPES);
export const relocationKind = z.enum(RELOCATION_KINDS);
export const perpetratorStatus = z.enum(PERPETRATOR_EVENT_TYPES);
export const role = z.enum(['ADMIN', 'COORDINATOR', 'CASEWORKER']);

/**
 * Codes a client chooses (case codes, hearing ids, measures): they travel in SMS, URLs and the
 * workflow, so only the safe alphabet of domain/text.ts, which the OpenAPI document states.
 */
export const code = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(CODE_MAX_LENGTH, { error: `must be at most ${CODE_MAX_LENGTH} characters` })
  .regex(CODE_PATTERN, { error: CODE_PROBLEM })
  .describe(`A code: ${CODE_RULE}`);
/** A code, with what it names; the OpenAPI description keeps the alphabet. */
export const codeNaming = (what: string) => code.describe(`${what}. A code: ${CODE_RULE}`);

/** Free text (notes, descriptions, reasons): line breaks and tabs, no other control character. */
export const freeText = (max: number) =>
  safeText(z.string().max(max, { error: `must be at most ${max.toLocaleString('en')} characters` }), 'free-text');

/** Free text that is encrypted at rest and never leaves the API (notes, incident descriptions). */
export const privateText = freeText(10_000);

export const pagination = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

/** A problem answer a route lists itself in its `response` (`409: problem`): api/problem-docs.ts documents it. */
export const problem = problemSchema.describe('A problem document (application/problem+json)');

/** The error answers: api/problem-docs.ts replaces these with each status the route can answer. */
export const problemResponses = { '4xx': problem, '5xx': problem };

/** For actions that need no input: no body (Fastify reads an empty one as null) or `{}`. */
export const noBody = z.strictObject({}).nullish();

export const caseIdParams = z.strictObject({ caseId: z.string() });

/** A new password (a person's own, or set by an admin). */
export const password = z
  .string()
  .min(12, { error: 'must be at least 12 characters' })
  .max(200, { error: 'must be at most 200 characters' });
