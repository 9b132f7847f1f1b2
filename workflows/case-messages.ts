/**
 * The case workflow's public surface: its input, updates, signals, queries and search
 * attributes. Clients (the API, tests, scripts) import these definitions; only
 * `case-lifecycle.ts` implements them.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RiskLevel } from '../domain/case-facts';
import type { UpdateDefinition } from '@temporalio/common';
import { CASE_EVENT_TYPES, type CaseEvent, type CaseEventType, type CaseRecord } from '../domain/case-events';
import type { Policy, PolicyVersion, Schedule } from '../domain/policy';
import { organisationWorkflowId } from '../domain/workflow-ids';
import type { Held, HeldBackNotice } from './held-notices';

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

/** A reminder or escalation of the case's deadline: to whom, and the rule that set the deadline. */
export interface Notice extends HeldBackNotice {
  to: 'caseworker' | 'coordinator' | 'chain';
  rule: string | null;
}

export interface CarriedState {
  record: CaseRecord;
  timeline: TimelineEntry[];
  nextSeq: number;
  /** Keys of reminders, escalations and alerts already done for the current schedule. */
  done: string[];
  /** Notices held back by quiet hours. */
  deferred?: Held<Notice>[];
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

/** The arguments of an event's update: the event without its type; `at` defaults to now. */
type EventArgs<T extends CaseEventType> = Omit<Extract<CaseEvent, { type: T }>, 'type' | 'at'> & { at?: string };
/** 'hearing.moved' -> 'hearingMoved'. */
type UpdateKey<T extends string> = T extends `${infer Subject}.${infer Verb}` ? `${Subject}${Capitalize<Verb>}` : never;
const updateKey = (type: string) => type.replace(/\.(.)/, (_, first: string) => first.toUpperCase());

/**
 * What an event's update answers: the schedule that results, and the one before it. `before` is
 * absent only in answers from workers older than it (upgrade the workers before the API).
 */
export type ScheduleChange = Schedule & { before?: Schedule };

/** One update per kind of event, named by its type, each answering the schedule it leads to. */
export const caseUpdates = Object.fromEntries(CASE_EVENT_TYPES.map((type) => [updateKey(type), defineUpdate(type)])) as {
  readonly [T in CaseEventType as UpdateKey<T>]: UpdateDefinition<ScheduleChange, [EventArgs<T>], T>;
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
