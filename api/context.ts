/** What every route module receives: the app with zod types, and the API's dependencies. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Client } from '@temporalio/client';
import type { VigilPayloadCodec } from '../platform/payload-codec';
import type { PrismaClient } from '../generated/prisma/client';
import type { TwilioConfig } from '../platform/config';
import type { FieldCipher } from '../platform/field-encryption';
import type { Logger } from '../platform/logger';

export interface ApiDependencies {
  prisma: PrismaClient;
  temporal: Client;
  log: Logger;
  /** The task queue of the case workflows (config.temporal.taskQueue). */
  taskQueue: string;
  /** Encrypts assessment notes and incident descriptions (VIGIL_DATA_KEY). */
  fieldCipher: FieldCipher;
  /** Base of the links the API hands out (calendar feeds); unset: the request's own host. */
  publicUrl?: string;
  /** Take the caller's address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy?: boolean;
  /** Twilio settings: the auth token checks webhook signatures. Unset: the webhooks answer 404. */
  twilio?: TwilioConfig;
  /** The workers' payload codec, served to the Temporal Web UI at /codec; unset: no /codec routes. */
  payloadCodec?: VigilPayloadCodec;
  /** Temporal UI origins allowed to call /codec (VIGIL_CODEC_ORIGINS). */
  codecOrigins?: string[];
  /** The built web app (api/web-app.ts BUILT_WEB_APP), served at /app/; unset or not built: no pages. */
  webApp?: string;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
