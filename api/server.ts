/**
 * The HTTP API: translates requests into database reads and Temporal client calls, nothing
 * more. Business rules live in domain/, orchestration in workflows/.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import { checkDatabase } from '../platform/database';
import type { Logger } from '../platform/logger';
import { checkTemporal } from '../platform/temporal';

export interface ApiDependencies {
  prisma: PrismaClient;
  temporal: Client;
  log: Logger;
}

export function buildApi({ prisma, temporal, log }: ApiDependencies): FastifyInstance {
  const app = Fastify({ loggerInstance: log.child({ component: 'api' }) as FastifyBaseLogger, bodyLimit: 64 * 1024 });

  // Liveness: the process answers.
  app.get('/health', async () => ({ status: 'ok' }));

  // Readiness: both things the API needs answer.
  app.get('/ready', async (_request, reply) => {
    const [database, temporalCheck] = await Promise.all([checkDatabase(prisma), checkTemporal(temporal)]);
    const ready = database.ok && temporalCheck.ok;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', database, temporal: temporalCheck });
  });

  return app;
}
