/** The answer of GET /alerts/{id} (services/alert-detail.ts builds it): the alert as listed, and what happened to it. */
import { z } from 'zod';
import { alertView } from './alert-views';

export const alertPerson = z
  .object({
    id: z.string(),
    name: z.string().nullable().describe('Display name; null for a replying number Vigil does not know'),
    role: z.string().nullable().describe("On the case (POLICE_LIAISON, LAWYER, ...), else the user's role, else DUTY_COORDINATOR"),
  })
  .meta({ id: 'AlertPerson' });

const message = z.object({
  kind: z.enum(['urgent', 'unacknowledged', 'update']).describe('update: told who took the alert over or resolved it'),
  channel: z.enum(['sms', 'email']),
  level: z.number().nullable().describe('1 for the first level of the plan'),
  round: z.number().nullable().describe('0 for the first pass through the chain'),
  sentAt: z.string(),
  status: z.string().describe('QUEUED, SENT, DELIVERED, UNDELIVERED, FAILED, NOT_SENT (kept in the outbox) or PENDING'),
  errorCode: z.string().nullable(),
});

export const alertDetailView = alertView
  .extend({
    trigger: z.string(),
    triggerWords: z.string(),
    visitCode: z.string().nullable(),
    plan: z
      .object({
        levels: z.array(z.object({ level: z.number(), timeoutSeconds: z.number(), contacts: z.array(alertPerson) })),
        repeats: z.number().describe('Times the whole chain is walked again'),
        whenUnacknowledged: z.array(alertPerson).describe('Told on every channel when nobody acknowledges'),
      })
      .nullable()
      .describe('Null for alerts raised before plans were kept'),
    contacts: z.array(alertPerson.extend({ messages: z.array(message) })),
    acknowledgement: z.object({ by: alertPerson, via: z.string().describe('sms, link, api or take-over'), at: z.string() }).nullable(),
    resolution: z
      .object({ by: alertPerson, via: z.string().describe('api or check-in'), at: z.string(), note: z.string().nullable().optional() })
      .nullable(),
    acknowledgedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'AlertDetail' });
