/** `npm run api`: the HTTP API against TEMPORAL_ADDRESS and DATABASE_URL. */
import { createAckLinks } from '../platform/ack-links';
import { ConfigError } from '../platform/config';
import { connectDeployment } from '../platform/deployment';
import { createFieldCipher } from '../platform/field-encryption';
import { log } from '../platform/logger';
import { runService } from '../platform/service';
import { connectClient } from '../platform/temporal';
import { buildApi } from './server';

runService('Vigil API', async (onStop) => {
  const { config, target, database } = await connectDeployment();
  onStop(database.close);
  if (!config.dataKey) {
    throw new ConfigError(
      'VIGIL_DATA_KEY',
      'must be set for the API: 32 random bytes in base64 (openssl rand -base64 32), the key of encrypted notes',
    );
  }
  const client = await connectClient(target, log);
  onStop(() => client.connection.close());
  const api = buildApi({
    prisma: database.prisma,
    temporal: client,
    log,
    taskQueue: config.temporal.taskQueue,
    fieldCipher: createFieldCipher(config.dataKey),
    publicUrl: config.api.publicUrl,
    trustProxy: config.api.trustProxy,
    // Checking a link needs only the key; the worker signs them with the public URL.
    ackLinks: createAckLinks(config.api.publicUrl ?? '', config.dataKey),
    twilio: config.messaging.twilio,
  });
  const url = await api.listen({ host: config.api.host, port: config.api.port });
  onStop(() => api.close());
  log.info({ url }, 'API listening');
});
