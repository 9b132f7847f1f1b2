/**
 * How many SMS a text costs (3GPP TS 23.038 and 23.040). A text of GSM-7 characters only is sent
 * in 7-bit units: 160 in one SMS, 153 per segment when it is split (the rest of each segment is
 * the header that joins them); the extension table's characters take two units (an escape and
 * the character). One character outside GSM-7 (č, ć, š, ž, đ, emoji) sends the whole text as
 * UCS-2: 70 UTF-16 code units in one SMS, 67 per segment. A unit pair is never split across two
 * segments (an escape and its character, a surrogate pair), so a segment may hold one unit less.
 */

/** What every SMS of Vigil fits in: longer ones are garbled or dropped by some phones and cost more. */
export const MAX_SMS_SEGMENTS = 2;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** The GSM 03.38 default alphabet, in table order (0x1B, the escape, left out). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs the escape and itself. */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

const LIMITS: Record<SmsEncoding, { single: number; segment: number }> = {
  'GSM-7': { single: 160, segment: 153 },
  'UCS-2': { single: 70, segment: 67 },
};

/** True when every character has a GSM-7 code (basic or extension table). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!BASIC.has(char) && !EXTENSION.has(char)) return false;
  return true;
}

/** The encoding, units and segments the text is sent in. */
export function smsSize(text: string): SmsSize {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  // Each character's units, by code point: what may not be split.
  const units = [...text].map((char) => (encoding === 'GSM-7' ? (EXTENSION.has(char) ? 2 : 1) : char.length));
  const total = units.reduce((sum, n) => sum + n, 0);
  const { single, segment } = LIMITS[encoding];
  if (total <= single) return { encoding, units: total, segments: total === 0 ? 0 : 1 };
  let segments = 1;
  let used = 0;
  for (const n of units) {
    if (used + n > segment) {
      segments++;
      used = 0;
    }
    used += n;
  }
  return { encoding, units: total, segments };
}

/** Serbian letters GSM-7 lacks, as Serbian writes them without diacritics. */
const SERBIAN_PLAIN: Record<string, string> = { č: 'c', ć: 'c', š: 's', ž: 'z', đ: 'dj', Č: 'C', Ć: 'C', Š: 'S', Ž: 'Z', Đ: 'Dj' };

/**
 * The text in letters GSM-7 has: Serbian č, ć, š, ž, đ as c, c, s, z, dj (Đ as DJ within capitals),
 * other letters outside GSM-7 without their accent where that leaves a GSM-7 letter (ő -> o).
 * Letters GSM-7 has (é, ü) and characters without a plain form stay as they are.
 */
export function withoutDiacritics(text: string): string {
  let out = '';
  const chars = [...text];
  chars.forEach((char, i) => {
    if (BASIC.has(char) || EXTENSION.has(char)) out += char;
    else if (char === 'Đ') out += /\p{Lu}/u.test(chars[i + 1] ?? '') || /\p{Lu}/u.test(chars[i - 1] ?? '') ? 'DJ' : 'Dj';
    else if (char in SERBIAN_PLAIN) out += SERBIAN_PLAIN[char];
    else {
      const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
      out += bare !== '' && isGsm7(bare) ? bare : char;
    }
  });
  return out;
}
