/**
 * What text Vigil accepts, in one place for the API (api/input-guard.ts, api/schemas.ts) and the
 * workflows' validators. PostgreSQL refuses NUL, unpaired UTF-16 surrogates turn into garbage,
 * control characters garble SMS and email, and codes travel in SMS and URLs.
 */

/** C0 controls, DEL and C1 controls. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** The same, but tab, line feed and carriage return: the line breaks of free text. */
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** A high surrogate without its low one, or a low one without its high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Free text (notes, descriptions, reasons) may span lines; names, titles and steps are one line. */
export type TextKind = 'free-text' | 'single-line';

/** Why `text` is not acceptable as `kind`, or null. Never quotes the text. */
export function textProblem(text: string, kind: TextKind): string | null {
  if (UNPAIRED_SURROGATE.test(text)) return 'must be valid Unicode (an unpaired UTF-16 surrogate was sent)';
  if (kind === 'free-text' && CONTROL_BUT_LINE_BREAKS.test(text))
    return 'must not contain control characters such as NUL (line breaks and tabs are fine)';
  if (kind === 'single-line' && CONTROL.test(text)) return 'must be one line without control characters (no NUL, tab or line break)';
  return null;
}

/**
 * Codes a client chooses (case codes, hearing ids, measures): they reach SMS, URLs and calendar
 * entries, so only a safe alphabet.
 */
export const CODE_MAX_LENGTH = 64;
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
export const CODE_RULE = `letters A-Z and a-z, digits, '-', '_', '.' and '/', starting with a letter or digit, at most ${CODE_MAX_LENGTH} characters`;
export const CODE_PROBLEM = `must be a code of ${CODE_RULE}`;

/** Why `text` is no code, or null. */
export function codeProblem(text: string): string | null {
  return text.length <= CODE_MAX_LENGTH && CODE_PATTERN.test(text) ? null : CODE_PROBLEM;
}
