/** `npm run api`: the HTTP API against TEMPORAL_ADDRESS and DATABASE_URL. */
import { createAckLinks } from '../platform/ack-links';
import { connectDeployment } from '../platform/deployment';
import { createFieldCipher } from '../platform/field-encryption';
import { log } from '../platform/logger';
import { runService } from '../platform/service';
import { connectClient } from '../platform/temporal';
import { buildApi } from './server';

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
    // Checking a link needs only the key; the worker signs them with the public URL.
    ackLinks: createAckLinks(config.api.publicUrl ?? '', dataKey, config.previousDataKeys),
    twilio: config.messaging.twilio,
    payloadCodec: codec,
    codecOrigins: config.api.codecOrigins,
  });
  const url = await api.listen({ host: config.api.host, port: config.api.port });
  onStop(() => api.close());
  log.info({ url }, 'API listening');
});
