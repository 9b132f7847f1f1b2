/**
 * The case workflow's public surface: its input, updates, signals, queries and search
 * attributes. Clients (the API, tests, scripts) import these definitions; only
 * `case-lifecycle.ts` implements them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RiskLevel } from '../domain/case-facts';
import type { CaseEvent, CaseEventType, CaseRecord } from '../domain/case-events';
import type { Policy, PolicyVersion, Schedule } from '../domain/policy';
import { organisationWorkflowId } from '../domain/workflow-ids';

/** Who hears about the case: ids only, the database holds names and numbers. */
export interface CaseContacts {
  caseworkerId: string | null;
  coordinatorId: string | null;
  /** Designated contacts for urgent alerts, in chain order. */
  designatedContactIds: string[];
}

export interface TimelineEntry {
  /** Position in the case's timeline; with the workflow id, the idempotency key in SQL. */
  seq: number;
  /** When the workflow recorded it. */
  at: string;
  kind: string;
  detail: Record<string, unknown>;
}

export interface CaseWorkflowInput {
  caseId: string;
  organisationId: string;
  /** Pseudonymous code, the only case identifier that appears in messages. */
  caseCode: string;
  identifiedAt: string;
  riskLevel: RiskLevel;
  contacts: CaseContacts;
  /** The organisation's policy (defaults with its overrides applied). */
  policy?: Policy;
  /** Set only by continue-as-new. */
  carried?: CarriedState;
}

/** A reminder or escalation of one deadline, to some recipients. */
export interface Notice {
  kind: 'reminder' | 'escalation';
  to: 'caseworker' | 'coordinator' | 'chain';
  dueAt: string;
  rule: string | null;
  recipients: string[];
}

/** A notice held back until `at`, the end of its recipients' quiet hours. */
export interface DeferredNotice {
  at: string;
  notice: Notice;
}

export interface CarriedState {
  record: CaseRecord;
  timeline: TimelineEntry[];
  nextSeq: number;
  /** Keys of reminders, escalations and alerts already done for the current schedule. */
  done: string[];
  deferred?: DeferredNotice[];
  /** Absent in runs carried over before policy version 2: they move to it at their next decision. */
  policyVersion?: PolicyVersion;
}

export interface CaseState {
  caseId: string;
  caseCode: string;
  record: CaseRecord;
  contacts: CaseContacts;
  schedule: Schedule;
}

export const caseWorkflowId = (organisationId: string, caseId: string): string => organisationWorkflowId(organisationId, `case-${caseId}`);

/** One update per kind of event, each returning the schedule that results. */
type EventArgs<T extends CaseEventType> = Omit<Extract<CaseEvent, { type: T }>, 'type' | 'at'> & { at?: string };
export const caseUpdates = {
  assessmentCompleted: defineUpdate<Schedule, [EventArgs<'assessment.completed'>]>('assessment.completed'),
  hearingScheduled: defineUpdate<Schedule, [EventArgs<'hearing.scheduled'>]>('hearing.scheduled'),
  hearingMoved: defineUpdate<Schedule, [EventArgs<'hearing.moved'>]>('hearing.moved'),
  hearingCancelled: defineUpdate<Schedule, [EventArgs<'hearing.cancelled'>]>('hearing.cancelled'),
  hearingHeld: defineUpdate<Schedule, [EventArgs<'hearing.held'>]>('hearing.held'),
  perpetratorStatus: defineUpdate<Schedule, [EventArgs<'perpetrator.status'>]>('perpetrator.status'),
  incidentReported: defineUpdate<Schedule, [EventArgs<'incident.reported'>]>('incident.reported'),
  relocationRecorded: defineUpdate<Schedule, [EventArgs<'relocation.recorded'>]>('relocation.recorded'),
  stageChanged: defineUpdate<Schedule, [EventArgs<'stage.changed'>]>('stage.changed'),
  caseClosed: defineUpdate<Schedule, [EventArgs<'case.closed'>]>('case.closed'),
  caseReopened: defineUpdate<Schedule, [EventArgs<'case.reopened'>]>('case.reopened'),
};

export const contactsChangedSignal = defineSignal<[CaseContacts]>('contacts.changed');

/** The organisation's policy changed (PUT /organisation/policy): defaults with its new overrides. */
export interface PolicyChange {
  policy: Policy;
  /** The organisation's policy version (1, 2, ...). */
  version: number;
  changedAt: string;
}
export const policyChangedSignal = defineSignal<[PolicyChange]>('policy.changed');

export const caseStateQuery = defineQuery<CaseState>('state');
export const caseScheduleQuery = defineQuery<Schedule>('schedule');
export const caseTimelineQuery = defineQuery<TimelineEntry[]>('timeline');

export { searchAttributes } from '../domain/search-attributes';
