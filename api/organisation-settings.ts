/**
 * The organisation's settings, for admins: the duty coordinator (a contact of the organisation:
 * alerted for cases whose provider risk is HIGH or CRITICAL, escalated to for an overdue
 * self-assessment), the self-assessment interval (reaches the running schedule at once) and how
 * long closed cases keep their personal data, the country of phone numbers written without
 * a country code (shown in national format), and whether SMS leave out diacritics by default.
 */
import { z } from 'zod';
import { isPhoneCountry } from '../domain/phone-numbers';
import { INTERVAL_DAYS } from '../domain/self-assessment';
import { selfAssessmentUpdates } from '../workflows/self-assessment';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { Problem } from './problems';
import { id, problemResponses } from './schemas';
import { selfAssessmentSchedules } from '../services/self-assessment-schedules';

/** Years a closed case keeps its personal data before the retention job erases it. */
export const RETENTION_YEARS = { min: 1, max: 30 } as const;

const COUNTRY_DESCRIPTION =
  'ISO 3166 alpha-2 country (RS, DE) of phone numbers written without a country code (064 123 4567); its numbers are shown in national format, others internationally. Numbers already stored keep their country.';

const SMS_LETTERS_DESCRIPTION =
  "Whether SMS are written without diacritics (č, ć, š, ž, đ as c, c, s, z, dj) for contacts that do not choose (a contact's smsWithoutDiacritics null): they stay in GSM-7, 160 characters per SMS instead of 70";

const country = z
  .string()
  .transform((code) => code.toUpperCase())
  .refine(isPhoneCountry, { error: 'must be an ISO 3166 alpha-2 country code with a known numbering plan, e.g. RS or DE' })
  .describe(COUNTRY_DESCRIPTION);

const settingsView = z
  .object({
    dutyCoordinatorContactId: z.string().nullable(),
    selfAssessmentIntervalDays: z.number(),
    retentionYears: z.number(),
    defaultCountry: z.string().describe(COUNTRY_DESCRIPTION),
    smsWithoutDiacritics: z.boolean().describe(SMS_LETTERS_DESCRIPTION),
  })
  .meta({ id: 'OrganisationSettings' });

const wholeNumber = (min: number, max: number, unit: string) =>
  z
    .number()
    .int({ error: `must be a whole number of ${unit} from ${min} to ${max}` })
    .min(min, { error: `must be a whole number of ${unit} from ${min} to ${max}` })
    .max(max, { error: `must be a whole number of ${unit} from ${min} to ${max}` });

export function organisationSettingsRoutes(app: App, deps: ApiDependencies): void {
  const { prisma } = deps;
  const schedules = selfAssessmentSchedules(deps);
  const select = {
    dutyCoordinatorContactId: true,
    selfAssessmentIntervalDays: true,
    retentionYears: true,
    defaultCountry: true,
    smsWithoutDiacritics: true,
  } as const;

  app.get(
    '/organisation/settings',
    {
      config: { access: 'ADMIN' },
      schema: { tags: ['organisation'], summary: "The organisation's settings", response: { 200: settingsView, ...problemResponses } },
    },
    async (request) => prisma.organisation.findUniqueOrThrow({ where: { id: callerOf(request).organisationId }, select }),
  );

  app.patch(
    '/organisation/settings',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['organisation'],
        summary: 'Changes some of the settings; a new self-assessment interval moves the next due date at once',
        body: z.strictObject({
          dutyCoordinatorContactId: id.nullable().optional().describe('A contact of the organisation; null: none'),
          selfAssessmentIntervalDays: wholeNumber(INTERVAL_DAYS.min, INTERVAL_DAYS.max, 'days').optional(),
          retentionYears: wholeNumber(RETENTION_YEARS.min, RETENTION_YEARS.max, 'years').optional(),
          defaultCountry: country.optional(),
          smsWithoutDiacritics: z.boolean().optional().describe(SMS_LETTERS_DESCRIPTION),
        }),
        response: { 200: settingsView, ...problemResponses },
      },
    },
    async (request) => {
      const { organisationId } = callerOf(request);
      const { dutyCoordinatorContactId: duty, selfAssessmentIntervalDays: intervalDays } = request.body;
      if (duty && !(await prisma.contact.findFirst({ where: { id: duty, organisationId }, select: { id: true } }))) {
        throw new Problem(400, 'no contact with this id in your organisation', 'dutyCoordinatorContactId');
      }
      const settings = await prisma.organisation.update({ where: { id: organisationId }, data: request.body, select });
      // Sent even when unchanged: repeating a PATCH that failed here brings the workflow in line.
      if (intervalDays !== undefined) await schedules.tell(organisationId, selfAssessmentUpdates.intervalChanged, { intervalDays });
      return settings;
    },
  );
}
