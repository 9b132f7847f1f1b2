/**
 * Field visits: starting one (its row, the free text encrypted and never sent to Temporal, then
 * its workflow) and the visitor's actions on it, from the API and by SMS (visit-sms.ts) alike;
 * PINs and their limit in visit-pins.ts.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { FieldVisit, PrismaClient } from '../generated/prisma/client';
import { InvalidInputError } from '../domain/case-facts';
import { lateCheckInCloses } from '../domain/field-visits';
import { isUniqueViolation } from '../platform/database';
import { fieldVisitContext } from '../platform/encrypted-columns';
import type { FieldCipher } from '../platform/field-encryption';
import { fieldVisitUpdates, fieldVisitWorkflow, fieldVisitWorkflowId, type VisitorAnswer } from '../workflows/field-visit';
import { foreignContactIds } from './contacts';
import { createWithWorkflow } from './workflow-start';

export const FREE_TEXT = ['purpose', 'location', 'withWhom'] as const;
export type FreeText = (typeof FREE_TEXT)[number];
const COLUMN: Record<FreeText, 'purposeEncrypted' | 'locationEncrypted' | 'withWhomEncrypted'> = {
  purpose: 'purposeEncrypted',
  location: 'locationEncrypted',
  withWhom: 'withWhomEncrypted',
};

/** The visit's free text, decrypted (null where none was written). */
export function visitTexts(row: FieldVisit, cipher: FieldCipher): Record<FreeText, string | null> {
  const text = (field: FreeText) => {
    const value = row[COLUMN[field]];
    return value ? cipher.decrypt(value, fieldVisitContext(field, row.id)) : null;
  };
  return { purpose: text('purpose'), location: text('location'), withWhom: text('withWhom') };
}

/** An action on a visit that has ended meanwhile (its workflow closed, or the validator refused). */
export class VisitOverError extends InvalidInputError {
  constructor() {
    super('', 'the visit is over');
  }
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newVisitCode = () => `V-${Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`;

export interface NewFieldVisit {
  organisationId: string;
  userId: string;
  caseId: string | null;
  expectedEndAt: string;
  graceMinutes: number;
  safetyContactIds: string[];
  /** Free text, encrypted before it is stored; never sent to Temporal. */
  text: Partial<Record<FreeText, string>>;
}

/**
 * Whom a visitor's visit alerts: the contacts asked for (the organisation's, none the visitor's
 * own card), by default the organisation's duty coordinator. Refuses a second active visit.
 */
export async function safetyContactsFor(
  prisma: PrismaClient,
  visitor: { userId: string; organisationId: string },
  requested: string[] | undefined,
): Promise<string[]> {
  const ownCards = (await prisma.contact.findMany({ where: { userId: visitor.userId }, select: { id: true } })).map((c) => c.id);
  let safetyContactIds = requested;
  if (!safetyContactIds) {
    const { dutyCoordinatorContactId } = await prisma.organisation.findUniqueOrThrow({ where: { id: visitor.organisationId } });
    if (!dutyCoordinatorContactId || ownCards.includes(dutyCoordinatorContactId)) {
      throw new InvalidInputError(
        'safetyContactIds',
        'is required: your organisation has no duty coordinator other than you to alert by default',
      );
    }
    safetyContactIds = [dutyCoordinatorContactId];
  }
  const [foreign] = await foreignContactIds(prisma, visitor.organisationId, safetyContactIds);
  if (foreign)
    throw new InvalidInputError(`safetyContactIds[${safetyContactIds.indexOf(foreign)}]`, 'no contact with this id in your organisation');
  const own = safetyContactIds.find((c) => ownCards.includes(c));
  if (own)
    throw new InvalidInputError(
      `safetyContactIds[${safetyContactIds.indexOf(own)}]`,
      'is your own contact card: someone else must be alerted',
    );
  const active = await prisma.fieldVisit.findFirst({ where: { userId: visitor.userId, state: 'ACTIVE' } });
  if (active) throw new InvalidInputError('', `you already have an active field visit (${active.visitCode}): check in first`);
  return safetyContactIds;
}

/** The row, then its workflow (ids, code and times only); without the workflow the row is undone. */
export async function startFieldVisit(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue: string; fieldCipher: FieldCipher },
  input: NewFieldVisit,
): Promise<FieldVisit> {
  const { prisma, temporal, taskQueue, fieldCipher } = deps;
  const visitId = randomUUID();
  const workflowId = fieldVisitWorkflowId(input.organisationId, visitId);
  const encrypted = Object.fromEntries(
    FREE_TEXT.filter((field) => input.text[field]).map((field) => [
      COLUMN[field],
      fieldCipher.encrypt(input.text[field]!, fieldVisitContext(field, visitId)),
    ]),
  );
  const create = async () => {
    // Codes are short: a clash within the organisation is rare, and simply drawn again.
    for (let attempt = 0; ; attempt++) {
      try {
        return await prisma.fieldVisit.create({
          data: {
            id: visitId,
            organisationId: input.organisationId,
            userId: input.userId,
            caseId: input.caseId,
            visitCode: newVisitCode(),
            workflowId,
            safetyContactIds: input.safetyContactIds,
            startedAt: new Date(),
            expectedEndAt: new Date(input.expectedEndAt),
            graceMinutes: input.graceMinutes,
            ...encrypted,
          },
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 5) throw error;
      }
    }
  };
  return createWithWorkflow({
    create,
    start: (row) =>
      temporal.workflow.start(fieldVisitWorkflow, {
        taskQueue,
        workflowId,
        args: [
          {
            visitId,
            organisationId: row.organisationId,
            userId: row.userId,
            visitCode: row.visitCode,
            startedAt: row.startedAt.toISOString(),
            expectedEndAt: row.expectedEndAt.toISOString(),
            graceMinutes: row.graceMinutes,
          },
        ],
      }),
    undo: () => prisma.fieldVisit.delete({ where: { id: visitId } }),
  });
}

/**
 * Whether `update` may still act on `visit`: every action while it is active; a check-in or a
 * panic also after a missed deadline, until the late window closes (the workflow has the last word).
 */
export function takesAction(visit: Pick<FieldVisit, 'state' | 'endedAt'>, update: UpdateDefinition<VisitorAnswer, never>): boolean {
  if (visit.state === 'ACTIVE') return true;
  const lateActions = [fieldVisitUpdates.checkIn, fieldVisitUpdates.panic] as UpdateDefinition<VisitorAnswer, never>[];
  const late = visit.state === 'MISSED' && lateActions.includes(update);
  return late && visit.endedAt !== null && Date.now() < lateCheckInCloses(visit.endedAt.getTime());
}

/** Sends one of the visitor's actions to the visit's workflow; a visit that ended meanwhile throws VisitOverError. */
export async function actOnVisit<A extends unknown[]>(
  deps: { prisma: PrismaClient; temporal: Client },
  visit: FieldVisit,
  update: UpdateDefinition<VisitorAnswer, A>,
  ...args: A
): Promise<VisitorAnswer> {
  if (!takesAction(visit, update as UpdateDefinition<VisitorAnswer, never>)) throw new VisitOverError();
  try {
    // Typed by the caller's definition; the SDK's overloads cannot follow a generic argument list.
    return await deps.temporal.workflow
      .getHandle(visit.workflowId)
      .executeUpdate(update as unknown as UpdateDefinition<VisitorAnswer, [unknown]>, {
        args: args as unknown as [unknown],
      });
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw error;
    const now = await deps.prisma.fieldVisit.findUnique({ where: { id: visit.id } });
    if (now && now.state !== visit.state) throw new VisitOverError();
    // The workflow closed at the end of the late window, before its row said so.
    if (error instanceof WorkflowNotFoundError) throw new VisitOverError();
    throw error;
  }
}

/** The staff member on a visit: their display name and the phone of their own card (staff data, for alerts and their page). */
export async function visitorOf(prisma: PrismaClient, fieldVisitId: string): Promise<{ name: string; phone: string | null } | null> {
  const visit = await prisma.fieldVisit.findUnique({
    where: { id: fieldVisitId },
    select: {
      user: {
        select: {
          displayName: true,
          contacts: { where: { phone: { not: null } }, select: { phone: true, organisationId: true }, orderBy: { createdAt: 'asc' } },
          organisationId: true,
        },
      },
    },
  });
  if (!visit) return null;
  const { user } = visit;
  // Only a card in the staff member's own organisation: one elsewhere is not theirs to show.
  const card = user.contacts.find((c) => c.organisationId === user.organisationId);
  return { name: user.displayName, phone: card?.phone ?? null };
}
