import type { PrismaClient } from '../generated/prisma/client';
import type { AckLinks } from '../platform/ack-links';
import type { MessagingConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import { createAlertPlanActivities } from './alert-plans';
import { createAlertActivities } from './alerts';
import { createCaseActivities } from './case-records';
import { failingForGood } from './failures';
import { createFieldVisitActivities } from './field-visits';
import { createNotificationActivities } from './notifications';
import { createRetentionActivities } from './retention';
import { createSelfAssessmentActivities } from './self-assessment';

export interface ActivityDependencies {
  prisma: PrismaClient;
  log: Logger;
  /** SMTP and Twilio settings (loadConfig().messaging); left out, or a channel left out, the messages go to the outbox. */
  messaging?: MessagingConfig;
  /** Signs the acknowledgement links in urgent emails (needs VIGIL_DATA_KEY and a public URL). */
  ackLinks?: AckLinks;
  /** The API's public address (API_PUBLIC_URL): urgent messages link to the response procedure there. */
  publicUrl?: string;
}

/** Every activity the worker registers, bound to its dependencies; errors no retry can heal fail at once. */
export function createActivities(deps: ActivityDependencies) {
  return failingForGood(
    {
      ...createCaseActivities(deps),
      ...createNotificationActivities(deps),
      ...createAlertPlanActivities(deps),
      ...createAlertActivities(deps),
      ...createFieldVisitActivities(deps),
      ...createSelfAssessmentActivities(deps),
      ...createRetentionActivities(deps),
    },
    deps.log,
  );
}

export type Activities = ReturnType<typeof createActivities>;
