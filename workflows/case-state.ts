/**
 * What the case workflow knows and how it changes: the record, the policy it runs under, the
 * schedule that follows, the timeline, the steps due (reminders, escalations, held notices,
 * hearing checks) and what continue-as-new carries. Workflow code: it reads the SDK's clock,
 * upserts search attributes and asks for the policy patch; the I/O is in `CaseActions`.
 */
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import { applyCaseEvent, newCaseRecord, reopensClosedCase, toFacts, type CaseEvent, type CaseRecord } from '../domain/case-events';
import { computeSchedule, DEFAULT_POLICY, type Policy, type PolicyVersion, type Schedule } from '../domain/policy';
import {
  searchAttributes,
  type CaseContacts,
  type CaseState as CaseStateView,
  type CaseWorkflowInput,
  type Notice,
  type TimelineEntry,
} from './case-messages';
import type { Step } from './deadline-steps';
import { HeldNotices } from './held-notices';

const HOUR = 3_600_000;
/**
 * Cases started before policy version 2 replay their history under version 1 and move to
 * version 2 at their next decision (timer, event or signal); new cases start under version 2.
 */
export const POLICY_V2_PATCH = 'reassessment-policy-v2';
/**
 * Overdue reassessments escalate, after the coordinator, to the organisation's own escalation
 * (duty coordinator, admins), no longer to the case's external contacts. Runs that escalated
 * before replay their recorded step.
 */
export const ESCALATION_IN_ORGANISATION_PATCH = 'reassessment-escalation-in-organisation';
/** The workflow keeps the recent timeline for queries; SQL keeps all of it. */
const TIMELINE_KEPT = 500;

/** What the steps do outside the workflow (workflows/case-lifecycle.ts). */
export interface CaseActions {
  notify(notice: Notice): Promise<void>;
  raiseAlert(trigger: string, key: string): Promise<void>;
  /** The organisation's duty coordinator and admins, without `alreadyTold`. */
  organisationEscalation(alreadyTold: string[]): Promise<string[]>;
}

export class CaseState {
  policy: Policy;
  policyVersion: PolicyVersion;
  record: CaseRecord;
  contacts: CaseContacts;
  timeline: TimelineEntry[];
  nextSeq: number;
  /** Keys of the steps done for the current schedule. */
  readonly done: Set<string>;
  readonly held: HeldNotices<Notice>;
  schedule: Schedule;
  /** Set when something may move the next step; the main loop clears it. */
  changed = false;

  constructor(readonly input: CaseWorkflowInput) {
    const { carried } = input;
    this.policy = input.policy ?? DEFAULT_POLICY;
    this.policyVersion = carried?.policyVersion ?? 1;
    this.record = carried?.record ?? newCaseRecord(input.identifiedAt, input.riskLevel);
    this.contacts = input.contacts;
    this.timeline = carried?.timeline ?? [];
    this.nextSeq = carried?.nextSeq ?? 0;
    this.done = new Set(carried?.done ?? []);
    this.held = new HeldNotices(carried?.deferred ?? [], ({ at, notice: n }) => `deferred/${n.kind}/${n.to}/${n.dueAt}/${at}`);
    this.upgradePolicy();
    this.schedule = computeSchedule(toFacts(this.record), this.policy, this.policyVersion);
  }

  /** True when the case has just moved to policy version 2 (see POLICY_V2_PATCH). */
  upgradePolicy(): boolean {
    if (this.policyVersion >= 2 || !patched(POLICY_V2_PATCH)) return false;
    this.policyVersion = 2;
    return true;
  }

  reschedule(): void {
    const { record } = this;
    this.schedule = computeSchedule(toFacts(record), this.policy, this.policyVersion);
    upsertSearchAttributes([
      { key: searchAttributes.stage, value: record.stage },
      { key: searchAttributes.riskLevel, value: record.riskLevel },
      { key: searchAttributes.nextDueAt, value: this.schedule.dueAt ? new Date(this.schedule.dueAt) : null },
      { key: searchAttributes.organisationId, value: this.input.organisationId },
    ] as Parameters<typeof upsertSearchAttributes>[0]);
    this.changed = true;
  }

  /** The case after the event; true when the event reopens it. */
  apply(event: CaseEvent): boolean {
    this.upgradePolicy();
    const reopening = reopensClosedCase(this.record, event, this.policyVersion);
    this.record = applyCaseEvent(this.record, event, this.policyVersion);
    this.reschedule();
    return reopening;
  }

  /** The organisation's new policy; answers the deadline before it. */
  changePolicy(policy: Policy): string | null {
    this.upgradePolicy();
    const dueBefore = this.schedule.dueAt;
    this.policy = policy;
    this.reschedule();
    return dueBefore;
  }

  /** Appends to the timeline kept for queries. */
  addEntry(kind: string, detail: Record<string, unknown>): TimelineEntry {
    const entry: TimelineEntry = { seq: this.nextSeq++, at: new Date(Date.now()).toISOString(), kind, detail };
    this.timeline.push(entry);
    if (this.timeline.length > TIMELINE_KEPT) this.timeline = this.timeline.slice(-TIMELINE_KEPT);
    return entry;
  }

  view(): CaseStateView {
    const { caseId, caseCode } = this.input;
    return { caseId, caseCode, record: this.record, contacts: this.contacts, schedule: this.schedule };
  }

  /** Reminders and escalations for the current deadline, held notices, and the 24-hour hearing checks. */
  steps(act: CaseActions): Step[] {
    const { dueAt, rule, remindAt, escalateAt } = this.schedule;
    const list: Step[] = [];
    if (dueAt) {
      const notice = (kind: Notice['kind'], to: Notice['to']) => async () =>
        act.notify({ kind, to, dueAt, rule, recipients: await this.recipientsOf(to, act) });
      remindAt.forEach((at, i) =>
        list.push({ key: `remind/${dueAt}/${i}`, at: Date.parse(at), run: notice('reminder', 'caseworker'), reminder: true }),
      );
      for (const { at, to } of escalateAt) list.push({ key: `escalate/${dueAt}/${to}`, at: Date.parse(at), run: notice('escalation', to) });
    }
    // Notices held back by quiet hours, while their deadline still stands.
    list.push(...this.held.steps(dueAt, (notice) => act.notify(notice)));
    return this.record.closedAt === null ? [...list, ...this.hearingChecks(act)] : list;
  }

  /** A day before each scheduled hearing: an alert when the victim was not assessed for it. */
  private hearingChecks(act: CaseActions): Step[] {
    return this.record.hearings
      .filter((hearing) => hearing.status === 'SCHEDULED')
      .map((hearing) => {
        const at = Date.parse(hearing.at);
        const run = async () => {
          const last = this.record.lastAssessment ? Date.parse(this.record.lastAssessment.at) : -Infinity;
          // The pre-hearing rule counts assessments from hearing - 3 days.
          if (Date.now() < at && last < at - 72 * HOUR) await act.raiseAlert('hearing.unprepared', `hearing-${hearing.id}-${hearing.at}`);
        };
        return { key: `hearing-24h/${hearing.id}/${hearing.at}`, at: at - 24 * HOUR, run };
      });
  }

  /**
   * Reminders go to the caseworker, escalations to the coordinator, then also to the
   * organisation's own escalation: people inside the organisation only. The case's designated
   * (external) contacts get its urgent alerts, never its reminders.
   */
  private async recipientsOf(to: Notice['to'], act: CaseActions): Promise<string[]> {
    const { caseworkerId, coordinatorId } = this.contacts;
    const ids = (to === 'caseworker' ? [caseworkerId] : [coordinatorId]).filter((id): id is string => id !== null);
    return to === 'chain' && patched(ESCALATION_IN_ORGANISATION_PATCH) ? [...ids, ...(await act.organisationEscalation(ids))] : ids;
  }

  /** The input of the next run, when the history grows long: the JSON shape running cases carry. */
  continuation(): CaseWorkflowInput {
    const { record, timeline, nextSeq, policyVersion } = this;
    return {
      ...this.input,
      contacts: this.contacts,
      policy: this.policy,
      riskLevel: record.riskLevel,
      carried: { record, timeline, nextSeq, done: [...this.done], deferred: this.held.carried(), policyVersion },
    };
  }
}
