import type { PrismaClient } from '../generated/prisma/client';
import type { AckLinks } from '../platform/ack-links';
import type { MessagingConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import { createAlertActivities } from './alerts';
import { createCaseActivities } from './case-records';
import { createNotificationActivities } from './notifications';

export interface ActivityDependencies {
  prisma: PrismaClient;
  log: Logger;
  /** SMTP and Twilio settings (loadConfig().messaging); left out, or a channel left out, the messages go to the outbox. */
  messaging?: MessagingConfig;
  /** Signs the acknowledgement links in urgent emails (needs VIGIL_DATA_KEY and a public URL). */
  ackLinks?: AckLinks;
}

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDependencies) {
  return { ...createCaseActivities(deps), ...createNotificationActivities(deps), ...createAlertActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
