/**
 * Reading a case's history from SQL: the case workflow writes each event it records to
 * case_timeline_entries with the event itself as `detail`, so the coordinator's views (hearings,
 * releases) come from SQL without asking every workflow.
 */
import type { CaseTimelineEntry } from '../generated/prisma/client';
import type { CaseEvent, Hearing } from '../domain/case-events';

/** The entry's position in its case's timeline (the idempotency key is `<workflow id>#<seq>`). */
export function seqOf(entry: Pick<CaseTimelineEntry, 'idempotencyKey'>): number {
  return Number(entry.idempotencyKey.slice(entry.idempotencyKey.lastIndexOf('#') + 1));
}

export function inTimelineOrder<T extends Pick<CaseTimelineEntry, 'at' | 'idempotencyKey'>>(entries: T[]): T[] {
  return [...entries].sort((a, b) => a.at.getTime() - b.at.getTime() || seqOf(a) - seqOf(b));
}

export const HEARING_EVENT_KINDS = ['hearing.scheduled', 'hearing.moved', 'hearing.cancelled', 'hearing.held'];

/** Each case's hearings as they stand after its hearing events (entries of any number of cases). */
export function hearingsByCase(entries: CaseTimelineEntry[]): Map<string, Hearing[]> {
  const byCase = new Map<string, Map<string, Hearing>>();
  for (const entry of inTimelineOrder(entries)) {
    const event = entry.detail as CaseEvent;
    const hearings = byCase.get(entry.caseId) ?? new Map<string, Hearing>();
    byCase.set(entry.caseId, hearings);
    const known = 'hearingId' in event ? hearings.get(event.hearingId) : undefined;
    if (event.type === 'hearing.scheduled')
      hearings.set(event.hearingId, { id: event.hearingId, at: event.at, kind: event.kind, status: 'SCHEDULED' });
    else if (known && event.type === 'hearing.moved') known.at = event.at;
    else if (known && event.type === 'hearing.cancelled') known.status = 'CANCELLED';
    else if (known && event.type === 'hearing.held') known.status = 'HELD';
  }
  return new Map([...byCase].map(([caseId, hearings]) => [caseId, [...hearings.values()]]));
}
