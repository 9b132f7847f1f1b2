/**
 * Which response procedure each alert's trigger links to (domain/response-procedures.ts), and
 * Vigil's default steps for each in both languages (domain/procedure-defaults.ts).
 */
import { INCIDENT_TYPES } from '../../domain/case-events';
import { LANGUAGES, TRIGGERS } from '../../domain/message-texts';
import { defaultProcedureSteps, parseProcedureSteps, PROCEDURE_TRIGGERS, procedureFor } from '../../domain/response-procedures';

test("each situation links to the procedure for it: pressure on the victim's testimony is not a threat to staff", () => {
  expect(Object.fromEntries(TRIGGERS.map((trigger) => [trigger, procedureFor(trigger)]))).toEqual({
    'perpetrator.released': 'perpetrator-released',
    'perpetrator.escaped': 'perpetrator-released',
    'incident.threat': 'threat-to-victim',
    'incident.approach': 'threat-to-victim',
    'incident.surveillance': 'threat-to-victim',
    'incident.bribe_or_pressure': 'pressure-on-victim',
    'incident.court_intimidation': 'pressure-on-victim',
    'incident.attack_on_staff': 'threat-to-staff',
    'incident.data_leak': 'data-leak',
    'visit.missed-check-in': 'missed-check-in',
    'visit.panic': 'panic',
    'visit.duress': 'panic',
    'visit.pin-attempts': 'threat-to-staff',
    'hearing.unprepared': 'hearing-unprepared',
  });
  expect(procedureFor('incident.unknown')).toBeNull();
  expect(procedureFor('toString')).toBeNull();
});

test('every incident type that raises an alert has words and a procedure; every procedure is some trigger’s', () => {
  for (const type of INCIDENT_TYPES) expect(procedureFor(`incident.${type.toLowerCase()}`)).not.toBeNull();
  expect(new Set(TRIGGERS.map(procedureFor))).toEqual(new Set(PROCEDURE_TRIGGERS));
});

test('each procedure has default steps in English and Serbian, step for step, each a valid step', () => {
  for (const trigger of PROCEDURE_TRIGGERS) {
    const [sr, en] = LANGUAGES.map((language) => defaultProcedureSteps(trigger, language));
    expect(sr).toHaveLength(en.length);
    for (const steps of [sr, en]) expect(parseProcedureSteps([...steps])).toEqual(steps);
    expect(sr.join(' ')).toMatch(/[čćšžđ]/);
  }
  expect(defaultProcedureSteps('pressure-on-victim', 'en')).toContain(
    'Tell the lawyer and the police liaison today: pressure to change testimony is a crime of its own.',
  );
});
