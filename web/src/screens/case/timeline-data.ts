/**
 * What the timeline shows, from the case's timeline entries and its past deadlines: the risk
 * level as bands over time, and items in time order, each in its lane (assessments, deadlines,
 * events, alerts) with its label in words. The picture and the list beneath it draw the same items.
 */
import type { RiskLevel, Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import type { Texts } from '../../texts/en';

export type Entry = paths['/cases/{caseId}/timeline']['get']['responses'][200]['content']['application/json']['entries'][number];
type PastDeadline = Schemas['PastDeadline'];

export type Lane = 'assessment' | 'deadline' | 'event' | 'alert';
/** How an item is coloured: a risk level, a deadline's outcome, an event's kind, an alert's outcome. */
export type Tone = RiskLevel | PastDeadline['outcome'] | 'due' | 'hearing' | 'release' | 'incident' | 'other' | AlertOutcome;
type AlertOutcome = 'open' | 'acknowledged' | 'unacknowledged' | 'resolved';

export interface Item {
  key: string;
  at: number;
  lane: Lane;
  tone: Tone;
  label: string;
  /** Further lines for the list: measures, notes, description (server text, shown as text). */
  details: string[];
}

export interface Band {
  from: number;
  to: number;
  level: RiskLevel;
}

export interface TimelineData {
  from: number;
  to: number;
  now: number;
  bands: Band[];
  items: Item[];
}

interface Sources {
  entries: Entry[];
  deadlines: PastDeadline[];
  next: Schemas['Schedule'] | null;
  now: number;
}

const time = (value: string, fallback: string) => Date.parse(value || fallback);

export function timelineData({ entries, deadlines, next, now }: Sources, texts: Texts): TimelineData {
  const t = texts.casePage.timeline;
  const p = texts.casePage;
  const rule = (name: string | null) => (texts.rules[(name ?? 'base') as keyof Texts['rules']] ?? texts.rules.base)(texts.soon);
  const items: Item[] = [];
  const add = (item: Omit<Item, 'details'> & { details?: (string | undefined | false)[] }): void => {
    items.push({ ...item, details: (item.details ?? []).filter((d): d is string => Boolean(d)) });
  };
  const hearings = new Map<string, { at: number; kind: keyof typeof p.hearingKinds; status: keyof typeof t.hearingStatus }>();
  const alerts = new Map<string, { at: number; trigger: string; outcome: AlertOutcome }>();
  let opened: { at: number; level: RiskLevel } | undefined;

  entries.forEach((e, i) => {
    // The detail is the event as the workflow wrote it: ids, codes, levels and times.
    const str = (name: string) => (typeof e.detail[name] === 'string' ? (e.detail[name] as string) : '');
    const list = (name: string) => (Array.isArray(e.detail[name]) ? (e.detail[name] as string[]) : []);
    const key = `${e.kind}-${i}`;
    const at = time(str('at'), e.at);
    switch (e.kind) {
      case 'case.opened':
        opened = { at: time(str('identifiedAt'), e.at), level: str('riskLevel') as RiskLevel };
        return add({ key, at: opened.at, lane: 'event', tone: 'other', label: t.opened(texts.riskLevels[opened.level]) });
      case 'assessment.completed':
        return add({
          key,
          at,
          lane: 'assessment',
          tone: str('riskLevel') as RiskLevel,
          label: t.assessed(texts.riskLevels[str('riskLevel') as RiskLevel]),
          details: [
            str('providerRisk') && t.staffRisk(texts.riskLevels[str('providerRisk') as RiskLevel]),
            ...list('providerRiskFactors').map((f) => p.providerRiskFactors[f as keyof typeof p.providerRiskFactors] ?? f),
            list('measures').length > 0 && t.measures(list('measures').join(', ')),
            e.notes && `${t.notes}: ${e.notes}`,
            e.unreadable && t.unreadable,
          ],
        });
      case 'hearing.scheduled':
        hearings.set(str('hearingId'), { at, kind: str('kind') as 'MAIN', status: 'SCHEDULED' });
        return;
      case 'hearing.moved':
      case 'hearing.cancelled':
      case 'hearing.held': {
        const hearing = hearings.get(str('hearingId'));
        if (hearing && e.kind === 'hearing.moved') hearing.at = at;
        if (hearing && e.kind !== 'hearing.moved') hearing.status = e.kind === 'hearing.held' ? 'HELD' : 'CANCELLED';
        return;
      }
      case 'perpetrator.status': {
        const status = str('status') as keyof typeof p.perpetrator;
        add({ key, at, lane: 'event', tone: 'release', label: p.perpetrator[status] });
        if (status === 'RELEASE_ANNOUNCED' && str('releaseDate'))
          add({ key: `${key}-date`, at: time(str('releaseDate'), e.at), lane: 'event', tone: 'release', label: t.releaseDate });
        return;
      }
      case 'incident.reported':
        return add({
          key,
          at,
          lane: 'event',
          tone: 'incident',
          label: t.incident(
            p.incidentTypes[str('incidentType') as keyof typeof p.incidentTypes],
            texts.riskLevels[str('severity') as RiskLevel],
          ),
          details: [e.description && `${t.description}: ${e.description}`, e.unreadable && t.unreadable],
        });
      case 'relocation.recorded':
        return add({
          key,
          at,
          lane: 'event',
          tone: 'other',
          label: t.relocation(p.relocationKinds[str('kind') as keyof typeof p.relocationKinds]),
        });
      case 'stage.changed':
        return add({ key, at, lane: 'event', tone: 'other', label: t.stage(p.stages[str('stage') as keyof typeof p.stages]) });
      case 'case.closed':
      case 'case.reopened':
      case 'case.monitoring-reopened': {
        const label = e.kind === 'case.closed' ? t.closed : e.kind === 'case.reopened' ? t.reopened : t.monitoringReopened;
        return add({ key, at: e.kind === 'case.monitoring-reopened' ? Date.parse(e.at) : at, lane: 'event', tone: 'other', label });
      }
      case 'alert.raised':
        alerts.set(str('alertId'), { at: Date.parse(e.at), trigger: str('trigger'), outcome: 'open' });
        return;
      case 'alert.acknowledged':
      case 'alert.unacknowledged':
      case 'alert.resolved': {
        const alert = alerts.get(str('alertId'));
        const outcome = e.kind.slice('alert.'.length) as AlertOutcome;
        if (alert && alert.outcome !== 'resolved') alert.outcome = outcome;
        return;
      }
    }
  });

  hearings.forEach((h, id) =>
    add({
      key: `hearing-${id}`,
      at: h.at,
      lane: 'event',
      tone: 'hearing',
      label: t.hearing(p.hearingKinds[h.kind], t.hearingStatus[h.status]),
    }),
  );
  alerts.forEach((a, id) =>
    add({ key: `alert-${id}`, at: a.at, lane: 'alert', tone: a.outcome, label: t.alert(a.trigger, t.alertOutcomes[a.outcome]) }),
  );
  deadlines.forEach((d, i) =>
    add({
      key: `deadline-${i}`,
      at: Date.parse(d.dueAt),
      lane: 'deadline',
      tone: d.outcome,
      label: t.deadline(t.outcomes[d.outcome], rule(d.rule)),
    }),
  );
  if (next?.dueAt && Date.parse(next.dueAt) > now)
    add({
      key: 'deadline-next',
      at: Date.parse(next.dueAt),
      lane: 'deadline',
      tone: 'due',
      label: t.deadline(t.outcomes.due, rule(next.rule)),
    });

  items.sort((a, b) => a.at - b.at);
  const from = Math.min(now, opened?.at ?? now, ...items.map((i) => i.at));
  const to = Math.max(now, ...items.map((i) => i.at));
  return { from, to, now, bands: riskBands(opened, items, to), items };
}

/** The level over time: the opening's, then each assessment's from its own time (the latest by time wins). */
function riskBands(opened: { at: number; level: RiskLevel } | undefined, items: Item[], to: number): Band[] {
  const changes = [
    ...(opened ? [opened] : []),
    ...items.filter((i) => i.lane === 'assessment').map((i) => ({ at: i.at, level: i.tone as RiskLevel })),
  ].sort((a, b) => a.at - b.at);
  return changes.map((c, i) => ({ from: c.at, to: changes[i + 1]?.at ?? to, level: c.level }));
}
