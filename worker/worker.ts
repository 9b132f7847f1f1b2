import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities';

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
    // Sized for one 2-core machine holding a national caseload of waiting workflows.
    maxCachedWorkflows: 2000,
  });
}
