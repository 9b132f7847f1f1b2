/**
 * The SMS segment calculator (domain/sms-segments.ts) against known cases of 3GPP TS 23.038 /
 * 23.040: GSM-7 160 / 153, the extension table counting two, UCS-2 70 / 67 in UTF-16 code units,
 * and pairs that are never split across segments.
 */
import { isGsm7, smsSize, withoutDiacritics } from '../../domain/sms-segments';

const a = (n: number) => 'a'.repeat(n);
const ch = (n: number) => 'č'.repeat(n);

test('GSM-7: 160 characters in one SMS, then 153 per segment', () => {
  expect(smsSize('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0 });
  expect(smsSize('Hello')).toEqual({ encoding: 'GSM-7', units: 5, segments: 1 });
  expect(smsSize(a(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
  expect(smsSize(a(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  expect(smsSize(a(306))).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
  expect(smsSize(a(307))).toEqual({ encoding: 'GSM-7', units: 307, segments: 3 });
  expect(smsSize(a(459)).segments).toBe(3);
  expect(smsSize(a(460)).segments).toBe(4);
});

test('GSM-7 extension characters count two and are never split from their escape', () => {
  for (const char of ['€', '[', ']', '{', '}', '\\', '^', '~', '|', '\f'])
    expect(smsSize(char)).toMatchObject({ encoding: 'GSM-7', units: 2 });
  expect(smsSize('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
  expect(smsSize('€'.repeat(81))).toEqual({ encoding: 'GSM-7', units: 162, segments: 2 });
  // 306 units would fit two segments, but the € at unit 153 moves whole to the second one.
  expect(smsSize(`${a(152)}€${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
  expect(smsSize(`${a(151)}€${a(153)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
});

test("the basic table's letters beyond ASCII stay GSM-7; others (č, ç, Greek lower case, `) make it UCS-2", () => {
  expect(isGsm7('@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r')).toBe(true);
  for (const char of ['č', 'ć', 'š', 'ž', 'đ', 'Đ', 'ç', 'α', '`', 'ő', '😀', '\u00a0']) expect(isGsm7(`abc${char}`)).toBe(false);
  expect(smsSize('Vigil: procena za slučaj').encoding).toBe('UCS-2');
});

test('UCS-2: 70 code units in one SMS, then 67 per segment; a surrogate pair counts two and is never split', () => {
  expect(smsSize(ch(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
  expect(smsSize(ch(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  expect(smsSize(ch(134))).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
  expect(smsSize(ch(135))).toEqual({ encoding: 'UCS-2', units: 135, segments: 3 });
  // One č makes a GSM-7 text of 160 letters cost three SMS.
  expect(smsSize(`${a(159)}č`)).toEqual({ encoding: 'UCS-2', units: 160, segments: 3 });
  expect(smsSize('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
  expect(smsSize(`${ch(66)}😀${ch(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
  expect(smsSize(`${ch(65)}😀${ch(67)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
});

test('without diacritics: Serbian as written without them (đ as dj, DJ among capitals), other accents dropped where GSM-7 lacks them', () => {
  expect(withoutDiacritics('Đorđe Čolić, ŠUMADIJA, žena, ĐAK, MEĐA, Ćuprija')).toBe('Djordje Colic, SUMADIJA, zena, DJAK, MEDJA, Cuprija');
  expect(withoutDiacritics('učinilac pušten na slobodu')).toBe('ucinilac pusten na slobodu');
  // GSM-7 has é, ü and Ç: they stay; ő and ç become o and c; what has no plain form stays.
  expect(withoutDiacritics('Éva Müller, Gőz, garçon, Ç, 😀')).toBe('Éva Müller, Goz, garcon, Ç, 😀');
  expect(isGsm7(withoutDiacritics('čćšžđČĆŠŽĐ'))).toBe(true);
});
