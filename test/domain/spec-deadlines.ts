/**
 * docs/reassessment-policy.md read literally, for the property tests: every deadline every rule
 * gives, tagged with the event it prepares. Written apart from domain/policy.ts (no shared code
 * but the parsed instants and the level values), so the two can disagree.
 */
import { CaseFacts, instantMs } from '../../domain/case-facts';
import type { Policy } from '../../domain/policy';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SpecDeadline {
  rule: string;
  at: number;
  /** The hearing (its time) or release date the rule prepares, for the hearing and release-announced rules. */
  prepares?: number;
}

/** The rules of the spec whose deadline escalates after min(grace, 6 h) (v2). */
export const SPEC_EVENT_RULES = [
  'pre-hearing',
  'hearing-daily',
  'hearing-debrief',
  'release-announced',
  'release-immediate',
  'release-daily',
  'incident-immediate',
  'incident-daily',
  'relocation',
];

const serious = (severity: string) => severity === 'HIGH' || severity === 'CRITICAL';

/** "Closed cases": reopened by a release, escape or announced release, or a serious incident, strictly after closure. */
export function specReopened(f: CaseFacts): boolean {
  const closedAt = instantMs(f.closedAt!);
  return (
    f.perpetratorEvents.some((e) => e.type !== 'DETAINED' && instantMs(e.at) > closedAt) ||
    f.incidents.some((i) => serious(i.severity) && instantMs(i.at) > closedAt)
  );
}

/** Every deadline of every rule of the table, for a case the spec treats as open. */
export function specDeadlines(f: CaseFacts, policy: Policy): SpecDeadline[] {
  const last = f.lastAssessmentAt === null ? null : instantMs(f.lastAssessmentAt);
  const a = last ?? instantMs(f.identifiedAt);
  const out: SpecDeadline[] = [];
  const interval = (rule: string, start: number, end: number, i: number, prepares?: number) => {
    const t = Math.max(start, a + i);
    if (t < end) out.push({ rule, at: t, prepares });
  };
  const point = (rule: string, e: number, d: number, prepares?: number) => {
    if (last === null || last < e) out.push({ rule, at: d, prepares });
  };
  interval('base', -Infinity, Infinity, policy.levels[f.riskLevel].baseIntervalMs);
  const identified = instantMs(f.identifiedAt);
  point('new-case', identified, identified + DAY);
  for (const h of f.hearings) {
    if (h.status === 'CANCELLED') continue;
    const at = instantMs(h.at);
    interval('hearing-weekly', at - 14 * DAY, at - 3 * DAY, 7 * DAY, at);
    interval('hearing-daily', at - 3 * DAY, at + DAY, DAY, at);
    if (h.status === 'SCHEDULED') point('pre-hearing', at - 3 * DAY, at - DAY, at);
    else point('hearing-debrief', at, at + DAY, at);
  }
  for (const e of f.perpetratorEvents) {
    if (e.type === 'RELEASE_ANNOUNCED') {
      const r = instantMs(e.releaseDate);
      interval('release-announced', r - 7 * DAY, r, DAY, r);
    } else if (e.type !== 'DETAINED') {
      const r = instantMs(e.at);
      const detained = f.perpetratorEvents.filter((d) => d.type === 'DETAINED' && instantMs(d.at) > r).map((d) => instantMs(d.at));
      const end = Math.min(Infinity, ...detained);
      point('release-immediate', r, r);
      interval('release-daily', r, Math.min(r + 14 * DAY, end), DAY);
      interval('release-weekly', r + 14 * DAY, Math.min(r + 60 * DAY, end), 7 * DAY);
    }
  }
  for (const i of f.incidents) {
    const x = instantMs(i.at);
    point('incident-immediate', x, x + (serious(i.severity) ? 4 * HOUR : DAY));
    interval('incident-daily', x, x + 7 * DAY, DAY);
  }
  for (const r of f.relocations) point('relocation', instantMs(r.at), instantMs(r.at) + DAY);
  return out;
}
