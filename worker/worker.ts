import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type BundleOptions,
  type LogLevel,
  type WorkflowBundle,
} from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { Activities } from '../activities';
import type { Logger } from '../platform/logger';
import { FAILURE_CONVERTER_PATH, vigilDataConverter } from '../platform/payload-codec';

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
  /** Encrypts every payload (platform/payload-codec.ts). */
  codec: PayloadCodec;
  /** A bundle from bundleWorkflows (tests build one and share it); otherwise the workflows are bundled here. */
  workflowBundle?: WorkflowBundle;
}

const WORKFLOWS_PATH = require.resolve('../workflows');

/** The workflows with Vigil's failure converter compiled in, for workers given a pre-built bundle. */
export function bundleWorkflows(logger?: BundleOptions['logger']): Promise<WorkflowBundle> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, logger });
}

/** The one place a Vigil worker is configured: production, `npm start` and tests use it. */
export function createVigilWorker(options: VigilWorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, activities, workflowBundle, codec } = options;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    activities,
    dataConverter: vigilDataConverter(codec),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    // A waiting case costs nothing until its timer fires; a cached one holds a V8 context
    // (about 0.4 MB). 500 keeps a national caseload (20,000 cases) under 1 GiB on one worker;
    // a case evicted from the cache is replayed from its (short) history when it wakes.
    maxCachedWorkflows: 500,
  });
}
