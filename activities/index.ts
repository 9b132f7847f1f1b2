import type { PrismaClient } from '../generated/prisma/client';
import type { Logger } from '../platform/logger';
import { createCaseActivities } from './case-records';
import { createNotificationActivities } from './notifications';

export interface ActivityDependencies {
  prisma: PrismaClient;
  log: Logger;
}

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDependencies) {
  return { ...createCaseActivities(deps), ...createNotificationActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
