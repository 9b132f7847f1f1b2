/**
 * The people urgent alerts reach (contacts) and the organisation's escalation chain: admins
 * manage them, coordinators read them (to designate a case's contacts). Times of day are written
 * as people write them ("22:00"); the database keeps minutes.
 */
import { z } from 'zod';
import type { Contact, PrismaClient } from '../generated/prisma/client';
import { isTimeZone, minutesOfDay } from '../domain/quiet-hours';
import { DEFAULT_CHAIN_REPEATS, DEFAULT_LEVEL_TIMEOUT_SECONDS, DEFAULT_TIME_ZONE } from '../domain/defaults';
import { foreignContactIds } from '../services/contacts';
import { callerOf } from './auth';
import type { ApiDependencies, App } from './context';
import { notFound, Problem } from './problems';
import { isUniqueViolation } from '../platform/database';
import { checkSmsReach, organisationCountry, phoneField, phoneInput, phoneView, phoneViewFields } from './phone-fields';
import { email, id, problem, problemResponses, singleLine } from './schemas';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day, HH:MM (00:00 to 23:59)' });
const quietHours = z
  .strictObject({ from: timeOfDay, until: timeOfDay })
  .describe('Reminders wait until `until`; urgent alerts ignore quiet hours. May wrap midnight (22:00 to 07:00).');

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

/**
 * The card's phone in E.164 (read with the organisation's `country`), after checking that alerts
 * reach the card: SMS only where the number's type receives them, else an email address.
 */
function cardPhone(
  card: { phone: string | null; sms: boolean; email: string | null },
  changed: { phone: boolean; sms: boolean },
  country: string,
): string | null {
  const phone = card.phone !== null && changed.phone ? phoneField(card.phone, country, 'phone') : card.phone;
  if (phone === null && card.email === null) throw new Problem(400, 'a contact needs a phone number or an email address', 'phone');
  if (phone !== null && card.sms && (changed.phone || changed.sms)) checkSmsReach(phone, changed.phone ? 'phone' : 'sms');
  if (phone !== null && !card.sms && card.email === null)
    throw new Problem(400, 'a contact whose phone takes no SMS needs an email address: alerts reach it by SMS or email only', 'email');
  return phone;
}

async function checkUser(prisma: PrismaClient, organisationId: string, userId: string | null | undefined): Promise<void> {
  if (userId && !(await prisma.user.findFirst({ where: { id: userId, organisationId } }))) {
    throw new Problem(400, 'no user with this id in your organisation', 'userId');
  }
}

const staffPhoneTaken = () =>
  new Problem(
    409,
    'is on the card of another staff member (here or in another organisation): a staff phone belongs to one person',
    'phone',
  );

/**
 * SMS commands (SAFE, EXTEND, PANIC) find the staff member by the phone on their own card, so a
 * user's card may not carry a number that another user's card carries, in any organisation. The
 * database refuses it too (migration trigger), for writes that race past this check.
 */
async function checkStaffPhone(prisma: PrismaClient, card: { id?: string; userId: string | null; phone: string | null }): Promise<void> {
  if (!card.userId || !card.phone) return;
  const others = await prisma.contact.count({
    where: { phone: card.phone, userId: { not: null }, NOT: [{ userId: card.userId }, ...(card.id ? [{ id: card.id }] : [])] },
  });
  if (others) throw staffPhoneTaken();
}

/** A write of a card, with the database's refusal of a taken staff phone answered as checkStaffPhone does. */
async function writeCard(write: () => Promise<Contact>): Promise<Contact> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw staffPhoneTaken();
    throw error;
  }
}

const chainView = z.object({
  repeatCount: z.number(),
  levels: z.array(z.object({ position: z.number(), timeoutSeconds: z.number(), contactIds: z.array(z.string()) })),
});

export function contactRoutes(app: App, { prisma }: ApiDependencies): void {
  const contactParams = z.strictObject({ contactId: id });
  const findContact = async (organisationId: string, contactId: string) =>
    (await prisma.contact.findFirst({ where: { id: contactId, organisationId } })) ?? Promise.reject(notFound('contact'));

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

  app.get(
    '/contacts/:contactId',
    {
      config: { access: 'COORDINATOR' },
      schema: { tags: ['contacts'], summary: 'One contact', params: contactParams, response: { 200: contactView, ...problemResponses } },
    },
    async (request) => {
      const { organisationId } = callerOf(request);
      return presentContact(await findContact(organisationId, request.params.contactId), await organisationCountry(prisma, organisationId));
    },
  );

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
      const contact = await findContact(organisationId, request.params.contactId);
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
      const contact = await findContact(organisationId, request.params.contactId);
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

  app.get(
    '/escalation-chain',
    {
      config: { access: 'COORDINATOR' },
      schema: {
        tags: ['contacts'],
        summary: "The organisation's escalation chain for urgent alerts",
        response: { 200: chainView, ...problemResponses },
      },
    },
    async (request) => {
      const chain = await prisma.escalationChain.findUnique({
        where: { organisationId: callerOf(request).organisationId },
        include: { levels: { orderBy: { position: 'asc' }, include: { contacts: true } } },
      });
      return {
        repeatCount: chain?.repeatCount ?? DEFAULT_CHAIN_REPEATS,
        levels: (chain?.levels ?? []).map((l) => ({
          position: l.position,
          timeoutSeconds: l.timeoutSeconds,
          contactIds: l.contacts.map((c) => c.contactId),
        })),
      };
    },
  );

  app.put(
    '/escalation-chain',
    {
      config: { access: 'ADMIN' },
      schema: {
        tags: ['contacts'],
        summary: 'Replaces the escalation chain: levels in order, each with its contacts and how long to wait for an acknowledgement',
        body: z.strictObject({
          repeatCount: z
            .number()
            .int()
            .min(0)
            .max(10)
            .default(DEFAULT_CHAIN_REPEATS)
            .describe('Times the whole chain is walked again when nobody acknowledges'),
          levels: z
            .array(
              z.strictObject({
                timeoutSeconds: z.number().int().min(60).max(3600).default(DEFAULT_LEVEL_TIMEOUT_SECONDS),
                contactIds: z.array(id).min(1).max(20),
              }),
            )
            .min(1)
            .max(10),
        }),
        response: { 200: chainView, ...problemResponses },
      },
    },
    async (request) => {
      const organisationId = callerOf(request).organisationId;
      const { repeatCount, levels } = request.body;
      for (const [i, level] of levels.entries()) {
        const foreign = await foreignContactIds(prisma, organisationId, level.contactIds);
        if (foreign.length)
          throw new Problem(
            400,
            'no contact with this id in your organisation',
            `levels[${i}].contactIds[${level.contactIds.indexOf(foreign[0])}]`,
          );
      }
      await prisma.$transaction(async (tx) => {
        const chain = await tx.escalationChain.upsert({
          where: { organisationId },
          create: { organisationId, repeatCount },
          update: { repeatCount },
        });
        await tx.escalationLevel.deleteMany({ where: { chainId: chain.id } });
        for (const [i, level] of levels.entries()) {
          await tx.escalationLevel.create({
            data: {
              chainId: chain.id,
              position: i + 1,
              timeoutSeconds: level.timeoutSeconds,
              contacts: { create: [...new Set(level.contactIds)].map((contactId) => ({ contactId })) },
            },
          });
        }
      });
      return {
        repeatCount,
        levels: levels.map((l, i) => ({ position: i + 1, timeoutSeconds: l.timeoutSeconds, contactIds: [...new Set(l.contactIds)] })),
      };
    },
  );
}
