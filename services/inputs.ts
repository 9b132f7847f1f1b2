/** Text inputs as the API and the command-line tools read them (zod), checked by domain/text.ts. */
import { z } from 'zod';
import { textProblem, type TextKind } from '../domain/text';

/** `schema`, checked by domain/text.ts: the API's guard (api/input-guard.ts) refuses NUL everywhere, this says more. */
export const safeText = (schema: z.ZodString, kind: TextKind) =>
  schema.superRefine((text, context) => {
    const problem = textProblem(text, kind);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

/** One line (names, titles): trimmed, 1 to `max` characters, no tab, line break or other control character. */
export const singleLine = (max: number) =>
  safeText(
    z
      .string()
      .trim()
      .min(1, { error: 'must not be empty' })
      .max(max, { error: `must be at most ${max.toLocaleString('en')} characters` }),
    'single-line',
  );

export const email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .transform((e) => e.toLowerCase());
