/**
 * The evaluation's known history: what happens to 20 cases and to the staff at hours after T0 (how:
 * evaluation-acts.ts). test/workflows/evaluation.test.ts computes every figure from it by hand.
 */
import type { RiskLevel } from '../../domain/case-facts';
import {
  acknowledgedBy,
  assess,
  checkIn,
  closed,
  hearing,
  hearingCancelled,
  hearingHeld,
  incident,
  panic,
  perpetrator,
  PINS,
  reassignedTo,
  releaseAnnounced,
  relocated,
  selfAssessed,
  startVisit,
  visitAcknowledgedByCoordinator,
  visitAcknowledgedByPolice,
  type CaseAct,
  type StaffAct,
} from './evaluation-acts';

export type CaseKey = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T';
export type Worker = 'w1' | 'w2' | 'w3';

type CaseScript = { level: RiskLevel; worker: Worker; contacts: ('police' | 'lawyer')[]; script: [number, CaseAct][] };

/** Each case: level, caseworker (w3 works in the other organisation), designated contacts, then [hours after T0, what happens]. */
export const CASES: Record<CaseKey, CaseScript> = {
  A: {
    level: 'MEDIUM',
    worker: 'w1',
    contacts: [],
    script: [
      [10, assess('MEDIUM')],
      [340, assess('MEDIUM')],
      [701, assess('MEDIUM')],
      [800, closed],
    ],
  },
  B: {
    level: 'HIGH',
    worker: 'w1',
    contacts: ['police'],
    script: [
      [5, assess('HIGH')],
      [250, assess('HIGH')],
      [270, perpetrator('ESCAPED')],
      [300, closed],
    ],
  },
  C: { level: 'MEDIUM', worker: 'w2', contacts: [], script: [[150, closed]] },
  D: {
    level: 'HIGH',
    worker: 'w2',
    contacts: ['police', 'lawyer'],
    script: [
      [2, assess('HIGH')],
      [100, perpetrator('RELEASED')],
      [100 + 7 / 60, acknowledgedBy('lawyer')],
      [103, assess('HIGH')],
      [120, assess('HIGH')],
      [130, perpetrator('DETAINED')],
      [280, assess('HIGH')],
      [300, closed],
    ],
  },
  E: {
    level: 'LOW',
    worker: 'w1',
    contacts: ['police'],
    script: [
      [3, assess('LOW')],
      [200, incident('HIGH')],
      [200 + 2 / 60, acknowledgedBy('police')],
      [202, assess('HIGH')],
      [220, assess('HIGH')],
      [240, assess('HIGH')],
      [250, closed],
    ],
  },
  F: {
    level: 'MEDIUM',
    worker: 'w2',
    contacts: [],
    script: [
      [4, assess('MEDIUM')],
      [50, hearing(300)],
      [170, assess('MEDIUM')],
      [200, hearingCancelled],
      [520, assess('MEDIUM')],
      [600, closed],
    ],
  },
  G: {
    level: 'HIGH',
    worker: 'w1',
    contacts: [],
    script: [
      [1, assess('HIGH')],
      [60, relocated],
      [88, assess('HIGH')],
      [150, releaseAnnounced(400)],
      [230, assess('HIGH')],
      [240, closed],
    ],
  },
  H: {
    level: 'MEDIUM',
    worker: 'w2',
    contacts: [],
    script: [
      [6, assess('MEDIUM')],
      [500, incident('LOW')],
    ],
  },
  // Reassessed daily before a hearing and after it.
  K: {
    level: 'HIGH',
    worker: 'w2',
    contacts: [],
    script: [
      [7, assess('HIGH')],
      [30, hearing(200)],
      [127, assess('HIGH')],
      [150, assess('HIGH')],
      [170, assess('HIGH')],
      [190, assess('HIGH')],
      [205, hearingHeld],
      [210, assess('HIGH')],
      [220, closed],
    ],
  },
  // A year of monthly reassessments, two of them late, the last never done.
  J: {
    level: 'LOW',
    worker: 'w1',
    contacts: [],
    script: [
      [20, assess('LOW')],
      [730, assess('LOW')],
      [1470, assess('LOW')],
      [2180, assess('LOW')],
      [3700, assess('LOW')],
      [8700, closed],
    ],
  },
  // Daily while CRITICAL, twice late, then rated LOW.
  L: {
    level: 'CRITICAL',
    worker: 'w2',
    contacts: [],
    script: [
      [10, assess('CRITICAL')],
      [30, assess('CRITICAL')],
      [57, assess('CRITICAL')],
      [100, assess('CRITICAL')],
      [110, assess('LOW')],
      [200, closed],
    ],
  },
  // Jelena's until hour 400, then Marko's.
  M: {
    level: 'MEDIUM',
    worker: 'w1',
    contacts: [],
    script: [
      [10, assess('MEDIUM')],
      [340, assess('MEDIUM')],
      [400, reassignedTo('w2')],
      [690, assess('MEDIUM')],
      [1000, assess('MEDIUM')],
      [1100, closed],
    ],
  },
  // A critical incident 10 hours after an assessment: reassess within 4 hours.
  N: {
    level: 'HIGH',
    worker: 'w1',
    contacts: ['police'],
    script: [
      [5, assess('HIGH')],
      [90, assess('HIGH')],
      [100, incident('CRITICAL', 'APPROACH')],
      // Before the police's second 5 minutes end, and a minute before the reminder at 125:
      // acts never meet a timer (TIMER_RACE_MARGIN_MS).
      [100 + 9 / 60, acknowledgedBy('police')],
      [103, assess('CRITICAL')],
      [125 - 1 / 60, assess('HIGH')],
      [130, closed],
    ],
  },
  // Rated MEDIUM, then a critical incident nobody acknowledges: missed danger.
  O: {
    level: 'MEDIUM',
    worker: 'w2',
    contacts: ['police', 'lawyer'],
    script: [
      [8, assess('MEDIUM')],
      [300, incident('CRITICAL', 'SURVEILLANCE')],
      [301, assess('HIGH')],
      [310, closed],
    ],
  },
  // Released, reassessed 15 days later, then weekly.
  P: {
    level: 'MEDIUM',
    worker: 'w1',
    contacts: ['police'],
    script: [
      [2, assess('MEDIUM')],
      [330, assess('MEDIUM')],
      [500, perpetrator('RELEASED')],
      [500 + 3 / 60, acknowledgedBy('police')],
      [860, assess('MEDIUM')],
      [1020, assess('MEDIUM')],
      [1100, closed],
    ],
  },
  // A medium incident: daily reassessments, the third never done.
  Q: {
    level: 'LOW',
    worker: 'w2',
    contacts: [],
    script: [
      [12, assess('LOW')],
      [400, incident('MEDIUM', 'APPROACH')],
      [410, assess('MEDIUM')],
      [430, assess('MEDIUM')],
      [470, closed],
    ],
  },
  R: {
    level: 'HIGH',
    worker: 'w1',
    contacts: [],
    script: [
      [20, assess('HIGH')],
      [180, assess('HIGH')],
      [340, assess('HIGH')],
      [400, closed],
    ],
  },
  // The other organisation's cases.
  I: {
    level: 'MEDIUM',
    worker: 'w3',
    contacts: [],
    script: [
      [8, assess('MEDIUM')],
      [20, closed],
    ],
  },
  S: {
    level: 'MEDIUM',
    worker: 'w3',
    contacts: [],
    script: [
      [5, assess('MEDIUM')],
      [300, assess('MEDIUM')],
      [350, closed],
    ],
  },
  T: {
    level: 'HIGH',
    worker: 'w3',
    contacts: [],
    script: [
      [30, assess('HIGH')],
      [250, assess('HIGH')],
      [260, closed],
    ],
  },
};

/**
 * The staff's own history: [hours after T0, what happens]. The alarms come last: an alert stays open
 * 30 days, and the time-skipping server hangs when one ends after its visit's workflow has.
 */
export const STAFF: [number, StaffAct][] = [
  [100, selfAssessed(1, 3)],
  [1100, selfAssessed(2)],
  [1200, startVisit('safe', 'w2', 1202)],
  [1201, checkIn('safe', 'w2')],
  // Jelena misses her check-in (due 8711:15); nobody acknowledges the alert.
  [8710, startVisit('missed', 'w1', 8711)],
  // Marko presses panic; the police acknowledge 4 minutes later.
  [8712, startVisit('panic', 'w2', 8714)],
  [8712.5, panic('panic', 'w2')],
  [8712.5 + 4 / 60, visitAcknowledgedByPolice('panic')],
  // Jelena checks in under duress; the coordinator acknowledges the silent alert 20 minutes later.
  [8720, startVisit('duress', 'w1', 8722)],
  [8720.5, checkIn('duress', 'w1', PINS.duress)],
  [8720.5 + 20 / 60, visitAcknowledgedByCoordinator('duress')],
];
