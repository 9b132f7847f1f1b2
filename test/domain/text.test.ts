/**
 * What text Vigil accepts (domain/text.ts), and the domain parsers that the workflows' validators
 * use: control characters and unpaired surrogates are refused, codes keep to their alphabet.
 */
import { parseCaseEvent } from '../../domain/case-event-parser';
import { parseProcedureSteps } from '../../domain/response-procedures';
import { codeProblem, textProblem } from '../../domain/text';

test('free text keeps line breaks and tabs; single lines do not; neither takes NUL, DEL, C1 or unpaired surrogates', () => {
  expect(textProblem('one\ntwo\r\n\tthree, čšž 🙂', 'free-text')).toBeNull();
  expect(textProblem('Jelena Petrović 🙂', 'single-line')).toBeNull();
  for (const char of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u009f']) {
    expect(textProblem(`a${char}b`, 'free-text')).toMatch(/control characters/);
    expect(textProblem(`a${char}b`, 'single-line')).toMatch(/control characters/);
  }
  for (const char of ['\t', '\n', '\r']) expect(textProblem(`a${char}b`, 'single-line')).toMatch(/one line/);
  for (const text of ['\ud800', 'a\udc00', '\udc00\ud800', 'x\ud83d']) expect(textProblem(text, 'free-text')).toMatch(/surrogate/);
});

test('codes: letters, digits, - _ . /, starting with a letter or digit, at most 64 characters', () => {
  for (const code of ['BG-2027-001', 'JRN-ZAR', 'K-123/2021', 'SAFE_HOUSE', 'v1.2', 'h', 'x'.repeat(64)])
    expect(codeProblem(code)).toBeNull();
  for (const code of ['', ' BG', 'BG 1', '-BG', '.x', 'BG;1', 'čuvanje', 'a\u0000b', 'x'.repeat(65)])
    expect(codeProblem(code)).not.toBeNull();
});

test("the case workflow's validator refuses such codes; events its history already holds still read as recorded", () => {
  const now = Date.parse('2027-01-01T00:00:00Z');
  const hearing = (hearingId: string) => ({ type: 'hearing.scheduled', hearingId, at: '2027-02-01T09:00:00Z', kind: 'MAIN' });
  expect(() => parseCaseEvent(hearing('x\u0000y'), now)).toThrow(/^hearingId: must be a code of/);
  expect(() => parseCaseEvent({ type: 'assessment.completed', riskLevel: 'LOW', measures: ['police escort'] }, now)).toThrow(
    /^measures\[0\]: must be a code of/,
  );
  expect(parseCaseEvent(hearing('K-123/2021'), now)).toMatchObject({ hearingId: 'K-123/2021' });
  // Replay: a measure accepted before the alphabet existed must not fail the handler.
  const legacy = { type: 'assessment.completed', riskLevel: 'LOW', measures: ['police escort'], at: '2026-12-01T00:00:00Z' };
  expect(parseCaseEvent(legacy, now, { asRecorded: true })).toMatchObject({ measures: ['police escort'] });
});

test('procedure steps are single lines', () => {
  expect(parseProcedureSteps(['Call 192.', ' Tell the duty coordinator. '])).toEqual(['Call 192.', 'Tell the duty coordinator.']);
  expect(() => parseProcedureSteps(['Call 192.', 'Then\ntell'])).toThrow(/^steps\[1\]: must be one line/);
  expect(() => parseProcedureSteps(['a\u0000'])).toThrow(/^steps\[0\]:/);
});
