/**
 * The building blocks of the API's request and response schemas (zod, which also writes the
 * OpenAPI document). Request objects are strict: an unknown field is refused, never ignored.
 */
import { z } from 'zod';
import { instantMs, PERPETRATOR_EVENT_TYPES, RISK_LEVELS } from '../domain/case-facts';
import { HEARING_KINDS, INCIDENT_TYPES, RELOCATION_KINDS, STAGES } from '../domain/case-events';
import { problemSchema } from './problems';

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

/** Short codes the workflow may carry (measures, hearing ids): never free text. */
export const code = z.string().trim().min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' });

/** Free text that is encrypted at rest and never leaves the API (notes, incident descriptions). */
export const privateText = z.string().max(10_000, { error: 'must be at most 10,000 characters' });

export const email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((e) => e.toLowerCase());
export const e164Phone = z.string().regex(/^\+[1-9][0-9]{6,14}$/, { error: 'must be a phone number in E.164 form, e.g. +381641234567' });

export const pagination = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
};

/** The usual error answers, documented once. */
export const problemResponses = {
  '4xx': problemSchema.describe('A problem document (application/problem+json)'),
  '5xx': problemSchema.describe('A problem document (application/problem+json)'),
};

/** For actions that need no input: no body (Fastify reads an empty one as null) or `{}`. */
export const noBody = z.strictObject({}).nullish();

export const caseIdParams = z.strictObject({ caseId: z.string() });
