/** `npm run worker`: a production worker against TEMPORAL_ADDRESS and DATABASE_URL. */
import { createActivities } from '../activities';
import { createAckLinks } from '../platform/ack-links';
import { connectDeployment } from '../platform/deployment';
import { log } from '../platform/logger';
import { runService } from '../platform/service';
import { ensureRetentionSchedule } from '../services/retention-schedule';
import { connectClient, connectWorker } from '../platform/temporal';
import { createVigilWorker, installTemporalRuntime } from './worker';

runService('Vigil worker', async (onStop) => {
  installTemporalRuntime(log);
  const { config, target, database, dataKey, codec } = await connectDeployment();
  onStop(database.close);
  const worker = await createVigilWorker({
    connection: await connectWorker(target),
    namespace: target.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: createActivities({
      prisma: database.prisma,
      log,
      messaging: config.messaging,
      // The alert page's links in urgent messages need the API's public address.
      ackLinks: config.api.publicUrl ? createAckLinks(config.api.publicUrl, dataKey) : undefined,
      // Urgent messages link to the response procedure at the API's public address.
      publicUrl: config.api.publicUrl,
    }),
    codec,
  });
  const done = worker.run();
  onStop(async () => {
    worker.shutdown();
    await done;
  });
  // The daily retention job: every worker makes sure its schedule exists (the first creates it).
  const client = await connectClient(target, log, codec);
  onStop(() => client.connection.close());
  await ensureRetentionSchedule(client, config.temporal.taskQueue, log);
  log.info({ taskQueue: config.temporal.taskQueue, temporal: target.address }, 'worker running');
});
