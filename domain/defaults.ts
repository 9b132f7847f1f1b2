/**
 * Vigil's defaults, each written once. The database keeps the same defaults for its columns
 * (prisma/schema.prisma: contacts.timeZone, escalation_chains.repeatCount,
 * escalation_levels.timeoutSeconds); change both together.
 */

/** The time zone of quiet hours and of times in messages, for cards and users that name none. */
export const DEFAULT_TIME_ZONE = 'Europe/Belgrade';

/** Times an escalation chain is walked again after its first pass when nobody acknowledges. */
export const DEFAULT_CHAIN_REPEATS = 2;

/** How long a level of contacts waits for an acknowledgement before the next level is alerted. */
export const DEFAULT_LEVEL_TIMEOUT_SECONDS = 300;
