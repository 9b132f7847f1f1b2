/**
 * Every event the case page records, as the API takes it: the body of its own route (with the
 * notes or description, which only SQL keeps) and the same event for the schedule preview. The
 * form's input names are the API's field names, so a 400 naming a field lands beside its input.
 */
import { api, must, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { fromLocalTime } from './form-fields';

export const EVENT_KINDS = [
  'assessment',
  'hearing.scheduled',
  'hearing.moved',
  'hearing.cancelled',
  'hearing.held',
  'perpetrator',
  'incident',
  'relocation',
  'stage',
  'close',
  'reopen',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type EventAnswer = Schemas['EventAnswer'];
export type PreviewEvent =
  paths['/cases/{caseId}/schedule-preview']['post']['requestBody']['content']['application/json']['events'][number];
type Body<P extends keyof paths> = paths[P] extends { post: { requestBody?: { content: { 'application/json': infer B } } } }
  ? NonNullable<B>
  : never;

/** What a form holds, read from its FormData. */
export interface Values {
  text(name: string): string;
  all(name: string): string[];
}

export function valuesOf(form: HTMLFormElement): Values {
  const data = new FormData(form);
  return {
    text: (name) => String(data.get(name) ?? '').trim(),
    all: (name) => data.getAll(name).map(String),
  };
}

/** The optional `at` (empty: now, as the API defaults it). */
const at = (v: Values, name = 'at') => (v.text(name) ? { [name]: fromLocalTime(v.text(name)) } : {});

function assessment(v: Values): Body<'/cases/{caseId}/assessments'> {
  const measures = v
    .text('measures')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  const providerRisk = v.text('providerRisk') as Schemas['Case']['riskLevel'] | '';
  return {
    ...at(v),
    riskLevel: v.text('riskLevel') as Schemas['Case']['riskLevel'],
    measures,
    ...(providerRisk
      ? { providerRisk, providerRiskFactors: v.all('providerRiskFactors') as Body<'/cases/{caseId}/assessments'>['providerRiskFactors'] }
      : {}),
  };
}

const hearingAt = (v: Values) => (v.text('at') ? fromLocalTime(v.text('at')) : '');
const perpetrator = (v: Values) =>
  ({ status: v.text('status'), ...at(v), ...at(v, 'releaseDate') }) as Body<'/cases/{caseId}/perpetrator-status'>;
const incident = (v: Values) =>
  ({ incidentType: v.text('incidentType'), severity: v.text('severity'), ...at(v) }) as Body<'/cases/{caseId}/incidents'>;
const relocation = (v: Values) => ({ kind: v.text('kind'), ...at(v) }) as Body<'/cases/{caseId}/relocations'>;
const stage = (v: Values) => ({ stage: v.text('stage') }) as Body<'/cases/{caseId}/stage'>;
const hearingId = (v: Values) => v.text('hearingId');

/** The event as the schedule preview takes it. */
export function previewEvent(kind: EventKind, v: Values): PreviewEvent {
  switch (kind) {
    case 'assessment':
      return { type: 'assessment.completed', ...assessment(v) };
    case 'hearing.scheduled':
      return { type: kind, at: hearingAt(v), kind: v.text('kind') as 'MAIN', hearingId: hearingId(v) || 'new-hearing' };
    case 'hearing.moved':
      return { type: kind, hearingId: hearingId(v), at: hearingAt(v) };
    case 'hearing.cancelled':
    case 'hearing.held':
      return { type: kind, hearingId: hearingId(v) };
    case 'perpetrator':
      return { type: 'perpetrator.status', ...perpetrator(v) };
    case 'incident':
      return { type: 'incident.reported', ...incident(v) };
    case 'relocation':
      return { type: 'relocation.recorded', ...relocation(v) };
    case 'stage':
      return { type: 'stage.changed', ...stage(v) };
    case 'close':
      return { type: 'case.closed', ...at(v) };
    case 'reopen':
      return { type: 'case.reopened', ...at(v) };
  }
}

/** Records the event through its own route; the answer has the schedule before and after. */
export function recordEvent(caseId: string, kind: EventKind, v: Values): Promise<EventAnswer> {
  const path = { caseId };
  const hearing = { caseId, hearingId: hearingId(v) };
  const text = (name: string) => (v.text(name) ? { [name]: v.text(name) } : {});
  switch (kind) {
    case 'assessment':
      return must(api.POST('/cases/{caseId}/assessments', { params: { path }, body: { ...assessment(v), ...text('notes') } }));
    case 'hearing.scheduled': {
      const body = { at: hearingAt(v), kind: v.text('kind') as 'MAIN', ...text('hearingId') };
      return must(api.POST('/cases/{caseId}/hearings', { params: { path }, body }));
    }
    case 'hearing.moved':
      return must(api.POST('/cases/{caseId}/hearings/{hearingId}/move', { params: { path: hearing }, body: { at: hearingAt(v) } }));
    case 'hearing.cancelled':
      return must(api.POST('/cases/{caseId}/hearings/{hearingId}/cancel', { params: { path: hearing }, body: {} }));
    case 'hearing.held':
      return must(api.POST('/cases/{caseId}/hearings/{hearingId}/held', { params: { path: hearing }, body: {} }));
    case 'perpetrator':
      return must(api.POST('/cases/{caseId}/perpetrator-status', { params: { path }, body: perpetrator(v) }));
    case 'incident':
      return must(api.POST('/cases/{caseId}/incidents', { params: { path }, body: { ...incident(v), ...text('description') } }));
    case 'relocation':
      return must(api.POST('/cases/{caseId}/relocations', { params: { path }, body: relocation(v) }));
    case 'stage':
      return must(api.POST('/cases/{caseId}/stage', { params: { path }, body: stage(v) }));
    case 'close':
      return must(api.POST('/cases/{caseId}/close', { params: { path }, body: at(v) }));
    case 'reopen':
      return must(api.POST('/cases/{caseId}/reopen', { params: { path }, body: at(v) }));
  }
}
