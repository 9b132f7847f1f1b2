/** `npm run api`: the HTTP API against TEMPORAL_ADDRESS and DATABASE_URL. */
import { connectDeployment } from '../platform/deployment';
import { log } from '../platform/logger';
import { runService } from '../platform/service';
import { connectClient } from '../platform/temporal';
import { buildApi } from './server';

runService('Vigil API', async (onStop) => {
  const { config, target, database } = await connectDeployment();
  onStop(database.close);
  const client = await connectClient(target, log);
  onStop(() => client.connection.close());
  const api = buildApi({ prisma: database.prisma, temporal: client, log });
  const url = await api.listen({ host: config.api.host, port: config.api.port });
  onStop(() => api.close());
  log.info({ url }, 'API listening');
});
