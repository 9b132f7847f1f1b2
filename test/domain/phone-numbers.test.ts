/** Phone numbers as people in Serbia and elsewhere write them, read with the full numbering plans. */
import { displayPhone, isPhoneCountry, readPhone, smsReach, smsTypeProblem } from '../../domain/phone-numbers';

describe('Serbian numbers in the usual written forms, and foreign ones', () => {
  test.each([
    ['064 123 4567', '+381641234567', 'MOBILE'],
    ['064/123-4567', '+381641234567', 'MOBILE'],
    ['+381 64 1234567', '+381641234567', 'MOBILE'],
    ['00381641234567', '+381641234567', 'MOBILE'],
    ['011/234-5678', '+381112345678', 'FIXED_LINE'],
    ['011 2345678', '+381112345678', 'FIXED_LINE'],
    // Novi Sad's six-digit subscriber numbers (021 123 456 is no real one: none begins with 1).
    ['021 423 456', '+38121423456', 'FIXED_LINE'],
    // Foreign numbers, with their country code.
    ['+49 30 1234567', '+49301234567', 'FIXED_LINE'],
    ['+44 7911 123456', '+447911123456', 'MOBILE'],
    ['0044 7400 123456', '+447400123456', 'MOBILE'],
    // The North American plan does not tell a mobile from a landline.
    ['+1 202 555 0123', '+12025550123', 'FIXED_LINE_OR_MOBILE'],
  ])('%s is %s, a %s number', (text, e164, type) => {
    expect(readPhone(text, 'RS')).toEqual({ e164, type });
  });

  test("the organisation's country decides how a number without a country code is read", () => {
    expect(readPhone('030 1234567', 'DE')).toEqual({ e164: '+49301234567', type: 'FIXED_LINE' });
    expect(readPhone('030 1234567', 'RS')).toEqual({ problem: 'is not a valid number for Serbia' });
  });
});

describe('numbers that cannot exist, refused with the reason and never quoted', () => {
  test.each([
    ['064 12', 'is too short for a phone number in Serbia'],
    ['+381 6', 'is too short for a phone number'],
    ['064 123 4567 8901', 'is too long for a phone number in Serbia'],
    ['099 123 4567', 'is not a valid number for Serbia'],
    ['+999 1234567', 'has a country code that does not exist'],
    ['+44 7700 900123', 'is not a valid number for the country code +44'],
    ['064 123 4567 ext. 12', 'must not have an extension: messages reach the line itself'],
    ['call 064 765 4321', expect.stringMatching(/^is not a phone number/)],
    ['Jelena', expect.stringMatching(/^is not a phone number/)],
    ['0'.repeat(41), 'must be at most 40 characters'],
  ])('%s', (text, problem) => {
    const reading = readPhone(text, 'RS');
    expect(reading).toEqual({ problem });
    expect((reading as { problem: string }).problem).not.toContain(text.slice(-4));
  });

  test("a sending number need only be possible: Twilio's test numbers lie outside the real ranges", () => {
    expect(readPhone('+44 7700 900123', 'RS', 'possible')).toEqual({ e164: '+447700900123', type: 'UNKNOWN' });
    expect(readPhone('+1 500 555 0006', 'RS', 'possible')).toMatchObject({ e164: '+15005550006' });
    expect(readPhone('064 12', 'RS', 'possible')).toEqual({ problem: 'is too short for a phone number in Serbia' });
  });
});

describe('what SMS reach', () => {
  test('a mobile yes, a fixed line no, a number whose plan does not tell: perhaps', () => {
    expect([smsReach('MOBILE'), smsReach('FIXED_LINE'), smsReach('FIXED_LINE_OR_MOBILE'), smsReach('VOIP')]).toEqual([
      'yes',
      'no',
      'unsure',
      'unsure',
    ]);
    expect(smsTypeProblem('MOBILE')).toBeNull();
    expect(smsTypeProblem('FIXED_LINE')).toMatch(/^is a fixed line \(landline\), which cannot receive SMS/);
    expect(smsTypeProblem('FIXED_LINE_OR_MOBILE')).toMatch(/^is a fixed line or a mobile number/);
  });
});

describe('display in the reader convention', () => {
  test("national format for the organisation's own country, international otherwise", () => {
    expect(displayPhone('+381641234567', 'RS')).toBe('064 1234567');
    expect(displayPhone('+381112345678', 'RS')).toBe('011 2345678');
    expect(displayPhone('+49301234567', 'RS')).toBe('+49 30 1234567');
    expect(displayPhone('+381641234567', 'DE')).toBe('+381 64 1234567');
    expect(displayPhone('+49301234567', 'DE')).toBe('030 1234567');
    // Countries that share a country code read each other's numbers nationally.
    expect(displayPhone('+447911123456', 'GB')).toBe('07911 123456');
  });

  test('a stored value no plan reads is shown as it is', () => {
    expect(displayPhone('+999123', 'RS')).toBe('+999123');
  });

  test('countries are ISO 3166 alpha-2 codes with a numbering plan', () => {
    expect([isPhoneCountry('RS'), isPhoneCountry('DE'), isPhoneCountry('rs'), isPhoneCountry('ZZ'), isPhoneCountry('SRB')]).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
