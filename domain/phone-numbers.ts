/**
 * Phone numbers as people write them (`064 123 4567`, `011/234-5678`, `00381 64...`), read with
 * the organisation's country and the full numbering plans of libphonenumber-js, stored in E.164
 * and shown in the reader's convention. Used by the API and the activities, never by workflows
 * (the plans weigh about 150 KB).
 */
import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  type NumberType,
  ParseError,
  parsePhoneNumberWithError,
  type PhoneNumber,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';

/** The organisations' country unless they choose another (ISO 3166 alpha-2). */
export const DEFAULT_COUNTRY = 'RS';

/** Longest text read as a phone number: the longest E.164 number with generous separators. */
export const PHONE_MAX_LENGTH = 40;

/** What the numbering plan says a number is; UNKNOWN when it does not say. */
export const PHONE_TYPES = [
  'MOBILE',
  'FIXED_LINE',
  'FIXED_LINE_OR_MOBILE',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'UAN',
  'VOICEMAIL',
  'UNKNOWN',
] as const satisfies readonly (NumberType | 'UNKNOWN')[];
export type PhoneType = (typeof PHONE_TYPES)[number];

export type PhoneReading = { e164: string; type: PhoneType } | { problem: string };

/**
 * `valid`: a number of an existing range (whoever receives messages); `possible`: only of a
 * plausible length for its country (Twilio's sending number, which may be a test number).
 */
export type PhoneRequirement = 'valid' | 'possible';

/** Whether `code` is an ISO 3166 alpha-2 country whose numbering plan is known. */
export function isPhoneCountry(code: string): boolean {
  return isSupportedCountry(code);
}

/** The country's name in English (Serbia), for reasons and warnings. */
export function countryName(code: string): string {
  return new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
}

/** Reads `text` with `country` for numbers written without a country code. The problem never quotes the text. */
export function readPhone(text: string, country: string, requirement: PhoneRequirement = 'valid'): PhoneReading {
  if (!isPhoneCountry(country)) throw new Error(`no numbering plan for the country code ${country}`);
  if (text.length > PHONE_MAX_LENGTH) return { problem: `must be at most ${PHONE_MAX_LENGTH} characters` };
  let number: PhoneNumber;
  try {
    number = parsePhoneNumberWithError(text, { defaultCountry: country as CountryCode, extract: false });
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    return { problem: parseProblem(error.message, text, country) };
  }
  const place = placeOf(number);
  const length = validatePhoneNumberLength(text, { defaultCountry: country as CountryCode });
  if (length === 'TOO_SHORT') return { problem: `is too short for a phone number ${place.in}` };
  if (length === 'TOO_LONG') return { problem: `is too long for a phone number ${place.in}` };
  if (length !== undefined) return { problem: `does not have the length of a phone number ${place.in}` };
  if (number.ext) return { problem: 'must not have an extension: messages reach the line itself' };
  if (requirement === 'valid' && !number.isValid()) return { problem: `is not a valid number for ${place.for}` };
  return { e164: number.number, type: number.getType() ?? 'UNKNOWN' };
}

function parseProblem(reason: string, text: string, country: string): string {
  switch (reason) {
    case 'INVALID_COUNTRY':
      return 'has a country code that does not exist';
    case 'TOO_SHORT':
      return `is too short for a phone number ${/^\s*(\+|00)/.test(text) ? '' : `in ${countryName(country)}`}`.trimEnd();
    case 'TOO_LONG':
      return 'is too long for a phone number';
    default:
      return 'is not a phone number: digits with spaces, dashes or slashes, e.g. 064 123 4567 or +381 64 123 4567';
  }
}

/** Serbia, or the country code +44 where the code serves several countries and the number none of them. */
function placeOf(number: PhoneNumber): { in: string; for: string } {
  if (number.country) return { in: `in ${countryName(number.country)}`, for: countryName(number.country) };
  return { in: `with the country code +${number.countryCallingCode}`, for: `the country code +${number.countryCallingCode}` };
}

/**
 * Whether SMS reach a number of this type: `no` for lines that cannot receive them (an alert sent
 * there fails at the carrier), `unsure` where the plan does not tell a mobile from a fixed line.
 */
export function smsReach(type: PhoneType): 'yes' | 'no' | 'unsure' {
  if (type === 'MOBILE') return 'yes';
  return NO_SMS.has(type) ? 'no' : 'unsure';
}

const NO_SMS = new Set<PhoneType>(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL']);

const TYPE_WORDS: Record<PhoneType, string> = {
  MOBILE: 'a mobile number',
  FIXED_LINE: 'a fixed line (landline)',
  FIXED_LINE_OR_MOBILE: 'a fixed line or a mobile number (its numbering plan does not tell which)',
  VOIP: 'a VoIP number',
  PERSONAL_NUMBER: 'a personal (forwarding) number',
  PAGER: 'a pager number',
  TOLL_FREE: 'a toll-free number',
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  UAN: 'a company (UAN) number',
  VOICEMAIL: 'a voicemail number',
  UNKNOWN: 'a number of a type its numbering plan does not tell',
};

/** Why SMS cannot go to a number of this type, or that they may not arrive; null for a mobile number. */
export function smsTypeProblem(type: PhoneType): string | null {
  switch (smsReach(type)) {
    case 'yes':
      return null;
    case 'no':
      return `is ${TYPE_WORDS[type]}, which cannot receive SMS: give a mobile number, or keep it for calls with sms set to false`;
    case 'unsure':
      return `is ${TYPE_WORDS[type]}: SMS reach it only if it is a mobile; check that a test message arrives`;
  }
}

/** `e164` as the organisation's staff write it: nationally for their own country, internationally otherwise. */
export function displayPhone(e164: string, ownCountry: string): string {
  let number: PhoneNumber;
  try {
    number = parsePhoneNumberWithError(e164);
  } catch {
    return e164; // a stored value from before the numbering plans: shown as it is
  }
  const own = isPhoneCountry(ownCountry) && number.countryCallingCode === getCountryCallingCode(ownCountry as CountryCode);
  return own ? number.formatNational() : number.formatInternational();
}

/** The type of a stored E.164 number (UNKNOWN for one no plan knows). */
export function phoneType(e164: string): PhoneType {
  const reading = readPhone(e164, DEFAULT_COUNTRY, 'possible');
  return 'type' in reading ? reading.type : 'UNKNOWN';
}
