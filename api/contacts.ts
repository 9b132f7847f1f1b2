/**
 * The people urgent alerts reach (contacts): admins manage them, coordinators read them (to
 * designate a case's contacts); the escalation chain that orders them is in escalation-chain.ts. Times of day are written
 * as people write them ("22:00"); the database keeps minutes.
 */
import { z } from 'zod';
import type { Contact, PrismaClient } from '../generated/prisma/client';
import { isTimeZone, minutesOfDay } from '../domain/quiet-hours';
import { DEFAULT_TIME_ZONE } from '../domain/defaults';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound, Problem } from './problems';
import { cardPhone, checkStaffPhone, checkUser, writeCard } from './contact-cards';
import { organisationCountry, phoneInput, phoneView, phoneViewFields } from './phone-fields';
import { email, id, problem, problemResponses, singleLine } from './schemas';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day, HH:MM (00:00 to 23:59)' });
const quietHours = z
  .strictObject({ from: timeOfDay, until: timeOfDay })
  .describe('Reminders wait until `until`; urgent alerts ignore quiet hours. May wrap midnight (22:00 to 07:00).');

const smsWithoutDiacritics = z
  .boolean()
  .describe(
    "Whether this contact's SMS are written without diacritics (č, ć, š, ž, đ as c, c, s, z, dj): they stay in GSM-7, 160 characters per SMS instead of 70. null: the organisation's default (GET /organisation/settings). Any SMS that would need more than 2 segments with diacritics is sent without them anyway",
  );

const contactFields = {
  displayName: singleLine(100),
  phone: phoneInput.nullable(),
  sms: z
    .boolean()
    .describe(
      'Whether SMS (alerts, reminders) go to the phone: a fixed line cannot receive them, so set false to keep a landline for calls',
    ),
  email: email.nullable(),
  language: z.enum(['sr-Latn', 'en']),
  smsWithoutDiacritics: smsWithoutDiacritics.nullable(),
  timeZone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone, e.g. Europe/Belgrade' }),
  quietHours: quietHours.nullable(),
  userId: id.nullable().describe('The user this contact card belongs to, if any'),
};

const contactView = z.object({
  id: z.string(),
  displayName: z.string(),
  phone: z.string().nullable().describe('E.164, e.g. +381641234567'),
  ...phoneViewFields,
  sms: z.boolean(),
  email: z.string().nullable(),
  language: z.string(),
  smsWithoutDiacritics: z.boolean().nullable(),
  timeZone: z.string(),
  quietHours: z.object({ from: z.string(), until: z.string() }).nullable(),
  userId: z.string().nullable(),
});

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The card for readers in the organisation's `country`. */
function presentContact(c: Contact, country: string): z.infer<typeof contactView> {
  const quiet =
    c.quietHoursStart !== null && c.quietHoursEnd !== null ? { from: hhmm(c.quietHoursStart), until: hhmm(c.quietHoursEnd) } : null;
  return {
    id: c.id,
    displayName: c.displayName,
    phone: c.phone,
    ...phoneView(c.phone, c.sms, country),
    sms: c.sms,
    email: c.email,
    language: c.language,
    smsWithoutDiacritics: c.smsWithoutDiacritics,
    timeZone: c.timeZone,
    quietHours: quiet,
    userId: c.userId,
  };
}

type ContactInput = Partial<{ [K in keyof typeof contactFields]: z.infer<(typeof contactFields)[K]> }>;

function contactData<T extends ContactInput>(input: T) {
  const { quietHours: quiet, ...rest } = input;
  return {
    ...rest,
    ...(quiet === undefined
      ? {}
      : { quietHoursStart: quiet ? minutesOfDay(quiet.from) : null, quietHoursEnd: quiet ? minutesOfDay(quiet.until) : null }),
  };
}

const contactParams = z.strictObject({ contactId: id });

async function findContact(prisma: PrismaClient, organisationId: string, contactId: string): Promise<Contact> {
  return (await prisma.contact.findFirst({ where: { id: contactId, organisationId } })) ?? Promise.reject(notFound('contact'));
}

export function contactRoutes(app: App, deps: ApiDependencies): void {
  contactReadRoutes(app, deps);
  addContactRoute(app, deps);
  changeContactRoute(app, deps);
  removeContactRoute(app, deps);
}

/** The organisation's contacts and one of them, for coordinators. */
function contactReadRoutes(app: App, { prisma }: ApiDependencies): void {
  app.get(
    '/contacts',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['contacts'],
        summary: "The organisation's contacts",
        response: { 200: z.object({ contacts: z.array(contactView) }), ...problemResponses },
      },
    },
    async (request) => {
      const { organisationId } = callerOf(request);
      const contacts = await prisma.contact.findMany({ where: { organisationId }, orderBy: { displayName: 'asc' } });
      const country = await organisationCountry(prisma, organisationId);
      return { contacts: contacts.map((c) => presentContact(c, country)) };
    },
  );

  app.get(
    '/contacts/:contactId',
    {
      config: { access: 'COORDINATOR' },
      schema: { tags: ['contacts'], summary: 'One contact', params: contactParams, response: { 200: contactView, ...problemResponses } },
    },
    async (request) => {
      const { organisationId } = callerOf(request);
      return presentContact(
        await findContact(prisma, organisationId, request.params.contactId),
        await organisationCountry(prisma, organisationId),
      );
    },
  );
}

function addContactRoute(app: App, { prisma }: ApiDependencies): void {
  app.post(
    '/contacts',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['contacts'],
        summary: 'Adds a contact (a phone number, an email address or both)',
        body: z
          .strictObject({
            ...contactFields,
            phone: contactFields.phone.default(null),
            sms: contactFields.sms.default(true),
            email: contactFields.email.default(null),
            language: contactFields.language.default('sr-Latn'),
            smsWithoutDiacritics: contactFields.smsWithoutDiacritics.default(null),
            timeZone: contactFields.timeZone.default(DEFAULT_TIME_ZONE),
            quietHours: contactFields.quietHours.default(null),
            userId: contactFields.userId.default(null),
          })
          .refine((c) => c.phone !== null || c.email !== null, {
            error: 'a contact needs a phone number or an email address',
            path: ['phone'],
          }),
        response: { 201: contactView, 409: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const organisationId = callerOf(request).organisationId;
      const country = await organisationCountry(prisma, organisationId);
      const card = { ...request.body, phone: cardPhone(request.body, { phone: true, sms: true }, country) };
      await checkUser(prisma, organisationId, card.userId);
      await checkStaffPhone(prisma, card);
      const contact = await writeCard(() => prisma.contact.create({ data: { organisationId, ...contactData(card) } }));
      return reply.code(201).send(presentContact(contact, country));
    },
  );
}

function changeContactRoute(app: App, { prisma }: ApiDependencies): void {
  app.patch(
    '/contacts/:contactId',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['contacts'],
        summary: 'Changes a contact; null clears a field',
        params: contactParams,
        body: z.strictObject(contactFields).partial(),
        response: { 200: contactView, 409: problem, ...problemResponses },
      },
    },
    async (request) => {
      const organisationId = callerOf(request).organisationId;
      const country = await organisationCountry(prisma, organisationId);
      const contact = await findContact(prisma, organisationId, request.params.contactId);
      const { phone: newPhone, sms, email: mail } = request.body;
      const phone = cardPhone(
        {
          phone: newPhone === undefined ? contact.phone : newPhone,
          sms: sms ?? contact.sms,
          email: mail === undefined ? contact.email : mail,
        },
        { phone: newPhone !== undefined, sms: sms !== undefined },
        country,
      );
      await checkUser(prisma, organisationId, request.body.userId);
      // Only a change of the number or of whose card it is: a card kept from before the rule stays editable.
      if (request.body.phone !== undefined || request.body.userId !== undefined)
        await checkStaffPhone(prisma, {
          id: contact.id,
          phone,
          userId: request.body.userId === undefined ? contact.userId : request.body.userId,
        });
      const data = contactData({ ...request.body, ...(newPhone === undefined ? {} : { phone }) });
      return presentContact(await writeCard(() => prisma.contact.update({ where: { id: contact.id }, data })), country);
    },
  );
}

/** Never the last way to reach someone in danger: see the route's summary. */
function removeContactRoute(app: App, { prisma }: ApiDependencies): void {
  app.delete(
    '/contacts/:contactId',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['contacts'],
        summary:
          'Removes a contact from the organisation, its cases and its escalation chain; past deliveries keep their record. Not the duty coordinator, a safety contact of a visit under way, nor the only contact of an escalation level (409)',
        params: contactParams,
        response: { 204: z.null(), 409: problem, ...problemResponses },
      },
    },
    async (request, reply) => {
      const { organisationId } = callerOf(request);
      const contact = await findContact(prisma, organisationId, request.params.contactId);
      // Staff in danger are alerted through them: never left without anyone to reach.
      if ((await prisma.organisation.findUniqueOrThrow({ where: { id: organisationId } })).dutyCoordinatorContactId === contact.id) {
        throw new Problem(409, "is the organisation's duty coordinator: choose another (PATCH /organisation/settings) first", 'contactId');
      }
      if (await prisma.fieldVisit.count({ where: { organisationId, state: 'ACTIVE', safetyContactIds: { has: contact.id } } })) {
        throw new Problem(409, 'is a safety contact of a field visit under way: remove it once the visit has ended', 'contactId');
      }
      // A level left without contacts would alert nobody while its timeout runs.
      const emptied = await prisma.escalationLevel.findFirst({
        where: { chain: { organisationId }, contacts: { some: { contactId: contact.id }, every: { contactId: contact.id } } },
        orderBy: { position: 'asc' },
      });
      if (emptied) {
        throw new Problem(
          409,
          `is the only contact of escalation level ${emptied.position}: change the chain (PUT /escalation-chain) first`,
          'contactId',
        );
      }
      await prisma.contact.delete({ where: { id: contact.id } });
      return reply.code(204).send(null);
    },
  );
}
