/**
 * Each Twilio webhook is handled once. Twilio retries a webhook that timed out or failed, and a
 * signed request someone captured stays signed forever (the signature covers no time), so
 * handling one twice could extend a visit twice or check in a later one. The key names the
 * message (`inbound:<MessageSid>`, `status:<MessageSid>:<MessageStatus>`: a message reports
 * several statuses); rows are kept, so a replay is recognised however late it comes.
 */
import type { PrismaClient } from '../generated/prisma/client';

/** A try that died without clearing its claim (the process stopped) is taken over after this. */
const CLAIM_SECONDS = 60;

/**
 * Runs `handle` for the first arrival of `key` (with the time it first arrived) and answers what
 * it returns; a repeat answers what the first one answered, or null while it is still at work. A
 * try that fails leaves the key to Twilio's retry, which is handled with the first arrival's time.
 */
export async function onceOnly(
  prisma: PrismaClient,
  key: string,
  handle: (firstArrivedAt: Date) => Promise<string | null>,
): Promise<string | null> {
  const [claim] = await prisma.$queryRaw<{ receivedAt: Date }[]>`
    INSERT INTO "twilio_webhooks" ("key", "receivedAt", "claimedAt") VALUES (${key}, ${new Date()}, now())
    ON CONFLICT ("key") DO UPDATE SET "claimedAt" = now()
      WHERE "twilio_webhooks"."processedAt" IS NULL
        AND ("twilio_webhooks"."claimedAt" IS NULL OR "twilio_webhooks"."claimedAt" < now() - make_interval(secs => ${CLAIM_SECONDS}::int))
    RETURNING "receivedAt"`;
  if (!claim) return (await prisma.twilioWebhook.findUnique({ where: { key } }))?.reply ?? null;
  let answer: string | null;
  try {
    answer = await handle(claim.receivedAt);
  } catch (error) {
    await prisma.twilioWebhook.update({ where: { key }, data: { claimedAt: null } });
    throw error;
  }
  await prisma.twilioWebhook.update({ where: { key }, data: { processedAt: new Date(), reply: answer } });
  return answer;
}
