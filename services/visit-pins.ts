/**
 * Check-in PINs of a field visit, by API and by SMS alike, and their limit: after MAX_WRONG_PINS
 * wrong PINs for a visit, every check-in or extension with a PIN is refused for PIN_LOCK_MINUTES
 * and the visit's safety contacts are alerted (a burst of wrong PINs on a staff phone is a danger
 * sign). Attempts are counted in the visit's row, so every API process shares them and a restart
 * forgets none; an attempt takes its place in the count before its PIN is checked, so parallel
 * guesses cannot slip past the limit.
 *
 * During the lock-out the check-in PIN and the duress PIN get the very refusal a wrong PIN gets:
 * whoever holds the phone learns neither which PIN is right nor which is the duress PIN, and the
 * duress PIN still raises the silent alert at once (the visit goes on, as it would for the
 * check-in PIN, which is refused too).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FieldVisit, PrismaClient, User } from '../generated/prisma/client';
import { PIN_PATTERN } from '../domain/field-visits';
import { visitAlarmSignal, type VisitAlarm } from '../workflows/field-visit';
import { verifyPassword } from './passwords';

export const MAX_WRONG_PINS = 5;
export const PIN_LOCK_MINUTES = 15;

/** What a PIN given for a visit says; `locked`: refused, whatever it was, during the lock-out. */
export type PinVerdict = 'check-in' | 'duress' | 'wrong' | 'locked';

type Pins = Pick<User, 'checkInPinHash' | 'duressPinHash'>;

/**
 * What a check-in PIN says: `check-in` (the check-in PIN, or no PINs set), `duress` (the duress
 * PIN) or `wrong`. Both hashes are always verified, so the time taken tells nothing either.
 */
export async function checkInPin(user: Pins, pin: string | undefined): Promise<'check-in' | 'duress' | 'wrong'> {
  if (!user.checkInPinHash) return 'check-in';
  const given = pin !== undefined && PIN_PATTERN.test(pin) ? pin : '';
  const [normal, duress] = await Promise.all([
    verifyPassword(given, user.checkInPinHash),
    user.duressPinHash ? verifyPassword(given, user.duressPinHash) : Promise.resolve(false),
  ]);
  return normal ? 'check-in' : duress ? 'duress' : 'wrong';
}

/**
 * Checks `pin` for an action on `visit` by its visitor `user`, within the limit. No PIN given
 * (while PINs are set) is `wrong` without counting: it guesses nothing.
 */
export async function checkVisitPin(
  deps: { prisma: PrismaClient; temporal: Client },
  visit: Pick<FieldVisit, 'id' | 'workflowId'>,
  user: Pins,
  pin: string | undefined,
): Promise<PinVerdict> {
  const { prisma, temporal } = deps;
  if (!user.checkInPinHash) return 'check-in';
  if (pin === undefined) return 'wrong';
  const counted = await takeAttempt(prisma, visit.id);
  // Verified during the lock-out too: the same work, and the duress PIN must still be heard.
  const verdict = await checkInPin(user, pin);
  if (!counted) {
    if (verdict === 'duress') await raiseAlarm(temporal, visit.workflowId, 'duress');
    return 'locked';
  }
  if (verdict !== 'wrong') {
    await prisma.$executeRaw`UPDATE "field_visits" SET "pinAttempts" = GREATEST("pinAttempts" - 1, 0) WHERE "id" = ${visit.id}::uuid`;
    return verdict;
  }
  const locked = await prisma.$executeRaw`
    UPDATE "field_visits"
    SET "pinAttempts" = 0, "pinLockedUntil" = now() + make_interval(mins => ${PIN_LOCK_MINUTES}::int)
    WHERE "id" = ${visit.id}::uuid AND "pinAttempts" >= ${MAX_WRONG_PINS}::int`;
  if (!locked) return 'wrong';
  await raiseAlarm(temporal, visit.workflowId, 'pin-attempts');
  return 'locked';
}

/** Counts one attempt in, unless the visit is locked or as many attempts as allowed are counted. */
async function takeAttempt(prisma: PrismaClient, visitId: string): Promise<boolean> {
  const taken = await prisma.$executeRaw`
    UPDATE "field_visits" SET "pinAttempts" = "pinAttempts" + 1
    WHERE "id" = ${visitId}::uuid AND "pinAttempts" < ${MAX_WRONG_PINS}::int
      AND ("pinLockedUntil" IS NULL OR "pinLockedUntil" <= now())`;
  return taken === 1;
}

/** Tells the visit's workflow to alert its safety contacts; a visit over meanwhile has alerted or ended safe. */
async function raiseAlarm(temporal: Client, workflowId: string, alarm: VisitAlarm): Promise<void> {
  try {
    await temporal.workflow.getHandle(workflowId).signal(visitAlarmSignal, { alarm });
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}
