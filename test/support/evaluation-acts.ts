/**
 * What happens in the evaluation's known history (evaluation-script.ts says when): each act goes
 * through the real workflow messages or the API, as people and contacts would.
 */
import type { RiskLevel } from '../../domain/case-facts';
import type { IncidentType } from '../../domain/case-events';
import { caseUpdates } from '../../workflows/case-messages';
import { acknowledgeAlertSignal } from '../../workflows/urgent-alert';
import type { Answer } from './api-client';
import type { Harness } from './evaluation-history';

type Handle = ReturnType<Harness['env']['client']['workflow']['getHandle']>;
export type CaseAct = (c: { id: string; handle: Handle }, h: Harness) => Promise<unknown>;
export type StaffAct = (h: Harness) => Promise<unknown>;

/** An API answer that must have succeeded. */
export async function ok(answer: Promise<Answer>): Promise<Answer> {
  const done = await answer;
  if (done.status >= 300) throw new Error(`${done.status} ${done.text}`);
  return done;
}

export const assess =
  (riskLevel: RiskLevel): CaseAct =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.assessmentCompleted, { args: [{ riskLevel, measures: ['SAFETY_PLAN'] }] });
export const perpetrator =
  (status: 'RELEASED' | 'ESCAPED' | 'DETAINED'): CaseAct =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status }] });
export const releaseAnnounced =
  (releaseHours: number): CaseAct =>
  ({ handle }, h) =>
    handle.executeUpdate(caseUpdates.perpetratorStatus, { args: [{ status: 'RELEASE_ANNOUNCED', releaseDate: h.iso(releaseHours) }] });
export const incident =
  (severity: RiskLevel, incidentType: IncidentType = 'THREAT'): CaseAct =>
  ({ handle }) =>
    handle.executeUpdate(caseUpdates.incidentReported, { args: [{ incidentType, severity }] });
export const relocated: CaseAct = ({ handle }) => handle.executeUpdate(caseUpdates.relocationRecorded, { args: [{ kind: 'RELOCATED' }] });
export const hearing =
  (hours: number): CaseAct =>
  ({ handle }, h) =>
    handle.executeUpdate(caseUpdates.hearingScheduled, { args: [{ hearingId: 'K-1', kind: 'MAIN', at: h.iso(hours) }] });
export const hearingCancelled: CaseAct = ({ handle }) =>
  handle.executeUpdate(caseUpdates.hearingCancelled, { args: [{ hearingId: 'K-1' }] });
export const hearingHeld: CaseAct = ({ handle }) => handle.executeUpdate(caseUpdates.hearingHeld, { args: [{ hearingId: 'K-1' }] });
export const closed: CaseAct = ({ handle }) => handle.executeUpdate(caseUpdates.caseClosed, { args: [{}] });
/** The coordinator hands the case to another caseworker (POST /cases/{id}/reassign). */
export const reassignedTo =
  (worker: 'w1' | 'w2' | 'w3'): CaseAct =>
  ({ id }, h) =>
    ok(h.api('coordinator').post(`/cases/${id}/reassign`, { caseworkerId: h.users[worker] }));
/** The contact acknowledges the case's latest urgent alert by SMS. */
export const acknowledgedBy =
  (contact: 'police' | 'lawyer'): CaseAct =>
  async ({ id }, h) => {
    const alert = await h.prisma.alert.findFirstOrThrow({ where: { caseId: id }, orderBy: { raisedAt: 'desc' } });
    await h.env.client.workflow.getHandle(alert.id).signal(acknowledgeAlertSignal, { by: h.contacts[contact], via: 'sms' });
  };

/** Jelena's PINs (PUT /me/check-in-pins would set them; the harness has no passwords). */
export const PINS = { checkIn: '2468', duress: '1357' };

const visit = (key: string, h: Harness) => h.visits[key];
export const startVisit =
  (key: string, who: 'w1' | 'w2', endHours: number): StaffAct =>
  async (h) => {
    const started = await ok(h.api(who).post('/field-visits', { expectedEndAt: h.iso(endHours), safetyContactIds: [h.contacts.police] }));
    h.visits[key] = started.body.id;
  };
export const panic =
  (key: string, who: 'w1' | 'w2'): StaffAct =>
  (h) =>
    ok(h.api(who).post(`/field-visits/${visit(key, h)}/panic`));
export const checkIn =
  (key: string, who: 'w1' | 'w2', pin?: string): StaffAct =>
  (h) =>
    ok(h.api(who).post(`/field-visits/${visit(key, h)}/check-in`, pin ? { pin } : {}));
const visitAlert = (key: string, h: Harness) => h.prisma.alert.findFirstOrThrow({ where: { fieldVisitId: visit(key, h) } });
/** The safety contact replies OK by SMS. */
export const visitAcknowledgedByPolice =
  (key: string): StaffAct =>
  async (h) =>
    h.env.client.workflow.getHandle((await visitAlert(key, h)).id).signal(acknowledgeAlertSignal, { by: h.contacts.police, via: 'sms' });
/** The coordinator acknowledges in Vigil. */
export const visitAcknowledgedByCoordinator =
  (key: string): StaffAct =>
  async (h) => {
    const alert = await visitAlert(key, h);
    return ok(h.api('coordinator').post(`/field-visits/${visit(key, h)}/alerts/${alert.id.split('/alert/')[1]}/acknowledge`));
  };
export const selfAssessed =
  (score: number, internalTrafficking = score): StaffAct =>
  (h) =>
    ok(
      h.api('coordinator').post('/self-assessments', {
        scores: {
          internalTrafficking,
          ...Object.fromEntries(
            [
              'countryStatus',
              'victimsPerMonth',
              'organisedCrimeLinks',
              'criminalGroupCapacity',
              'stateResponseCapacity',
              'perceivedCorruption',
              'stateCommitment',
            ].map((k) => [k, score]),
          ),
        },
      }),
    );
