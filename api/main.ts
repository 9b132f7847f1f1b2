/** `npm run api`: the HTTP API against TEMPORAL_ADDRESS and DATABASE_URL. */
import { connectDeployment } from '../platform/deployment';
import { createFieldCipher } from '../platform/field-encryption';
import { log } from '../platform/logger';
import { runService } from '../platform/service';
import { connectClient } from '../platform/temporal';
import { buildApi } from './server';
import { BUILT_WEB_APP } from './web-app';

runService('Vigil API', async (onStop) => {
  const { config, target, database, dataKey, codec } = await connectDeployment();
  onStop(database.close);
  const client = await connectClient(target, log, codec);
  onStop(() => client.connection.close());
  const api = buildApi({
    prisma: database.prisma,
    temporal: client,
    log,
    taskQueue: config.temporal.taskQueue,
    fieldCipher: createFieldCipher(dataKey, config.previousDataKeys),
    publicUrl: config.api.publicUrl,
    trustProxy: config.api.trustProxy,
    twilio: config.messaging.twilio,
    payloadCodec: codec,
    codecOrigins: config.api.codecOrigins,
    // The app's pages, once built (npm run web:build).
    webApp: BUILT_WEB_APP,
  });
  const url = await api.listen({ host: config.api.host, port: config.api.port });
  onStop(() => api.close());
  log.info({ url }, 'API listening');
});
