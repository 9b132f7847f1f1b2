import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities';
import type { Logger } from '../platform/logger';

/**
 * Once per process, before any worker: the SDK logs through our pino logger at warn and above,
 * and leaves SIGINT/SIGTERM to the process (platform/service.ts stops things in order).
 */
export function installTemporalRuntime(log: Logger): void {
  const level = (l: LogLevel) => l.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
  Runtime.install({
    // pino serialises errors only under `err`.
    logger: new DefaultLogger('WARN', ({ level: l, message, meta }) => {
      const { error, ...sdk } = meta ?? {};
      log[level(l)]({ sdk, err: error }, message);
    }),
    shutdownSignals: [],
  });
}

export interface VigilWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A pre-built bundle (tests build one and share it); otherwise the workflows are bundled here. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The one place a Vigil worker is configured: production, `npm start` and tests use it. */
export function createVigilWorker(options: VigilWorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, activities, workflowBundle } = options;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities,
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
    // A waiting case costs nothing until its timer fires; a cached one holds a V8 context
    // (about 0.4 MB). 500 keeps a national caseload (20,000 cases) under 1 GiB on one worker;
    // a case evicted from the cache is replayed from its (short) history when it wakes.
    maxCachedWorkflows: 500,
  });
}
