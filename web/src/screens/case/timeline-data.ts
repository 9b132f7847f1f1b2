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
type Draft = Omit<Item, 'details'> & { details?: (string | undefined | false)[] };

/** The entry's detail is the event as the workflow wrote it: ids, codes, levels and times. */
function reader(e: Entry) {
  const str = (name: string) => (typeof e.detail[name] === 'string' ? (e.detail[name] as string) : '');
  const list = (name: string) => (Array.isArray(e.detail[name]) ? (e.detail[name] as string[]) : []);
  return { str, list, at: time(str('at'), e.at) };
}

/** The items one entry stands for by itself (hearings and alerts are gathered across entries). */
function entryItems(e: Entry, key: string, texts: Texts): Draft[] {
  const t = texts.casePage.timeline;
  const p = texts.casePage;
  const { str, list, at } = reader(e);
  const risk = (name: string) => texts.riskLevels[str(name) as RiskLevel];
  const event = (label: string, tone: Tone = 'other', when = at): Draft[] => [{ key, at: when, lane: 'event', tone, label }];
  switch (e.kind) {
    case 'case.opened':
      return event(t.opened(risk('riskLevel')), 'other', time(str('identifiedAt'), e.at));
    case 'assessment.completed':
      return [
        {
          key,
          at,
          lane: 'assessment',
          tone: str('riskLevel') as RiskLevel,
          label: t.assessed(risk('riskLevel')),
          details: [
            str('providerRisk') && t.staffRisk(risk('providerRisk')),
            ...list('providerRiskFactors').map((f) => p.providerRiskFactors[f as keyof typeof p.providerRiskFactors] ?? f),
            list('measures').length > 0 && t.measures(list('measures').join(', ')),
            e.notes && `${t.notes}: ${e.notes}`,
            e.unreadable && t.unreadable,
          ],
        },
      ];
    case 'perpetrator.status': {
      const status = str('status') as keyof typeof p.perpetrator;
      const announced = status === 'RELEASE_ANNOUNCED' && str('releaseDate');
      return [
        ...event(p.perpetrator[status], 'release'),
        ...(announced
          ? [{ key: `${key}-date`, at: Date.parse(announced), lane: 'event' as const, tone: 'release' as const, label: t.releaseDate }]
          : []),
      ];
    }
    case 'incident.reported': {
      const [item] = event(t.incident(p.incidentTypes[str('incidentType') as keyof typeof p.incidentTypes], risk('severity')), 'incident');
      return [{ ...item, details: [e.description && `${t.description}: ${e.description}`, e.unreadable && t.unreadable] }];
    }
    case 'relocation.recorded':
      return event(t.relocation(p.relocationKinds[str('kind') as keyof typeof p.relocationKinds]));
    case 'stage.changed':
      return event(t.stage(p.stages[str('stage') as keyof typeof p.stages]), 'other', Date.parse(e.at));
    case 'case.closed':
      return event(t.closed);
    case 'case.reopened':
      return event(t.reopened);
    case 'case.monitoring-reopened':
      return event(t.monitoringReopened, 'other', Date.parse(e.at));
    default:
      return [];
  }
}

type HearingKind = keyof Texts['casePage']['hearingKinds'];
type HearingStatus = keyof Texts['casePage']['timeline']['hearingStatus'];

/** Each hearing once, at its latest time with its latest status; each alert once, with its outcome. */
function hearingsAndAlerts(entries: Entry[], texts: Texts): Draft[] {
  const t = texts.casePage.timeline;
  const hearings = new Map<string, { at: number; kind: HearingKind; status: HearingStatus }>();
  const alerts = new Map<string, { at: number; trigger: string; outcome: AlertOutcome }>();
  for (const e of entries) {
    const { str, at } = reader(e);
    const hearing = hearings.get(str('hearingId'));
    const alert = alerts.get(str('alertId'));
    if (e.kind === 'hearing.scheduled') hearings.set(str('hearingId'), { at, kind: str('kind') as HearingKind, status: 'SCHEDULED' });
    else if (hearing && e.kind === 'hearing.moved') hearing.at = at;
    else if (hearing && (e.kind === 'hearing.held' || e.kind === 'hearing.cancelled'))
      hearing.status = e.kind === 'hearing.held' ? 'HELD' : 'CANCELLED';
    else if (e.kind === 'alert.raised') alerts.set(str('alertId'), { at: Date.parse(e.at), trigger: str('trigger'), outcome: 'open' });
    else if (alert && e.kind.startsWith('alert.') && alert.outcome !== 'resolved') alert.outcome = e.kind.slice(6) as AlertOutcome;
  }
  return [
    ...[...hearings].map(([id, h]): Draft => ({
      key: `hearing-${id}`,
      at: h.at,
      lane: 'event',
      tone: 'hearing',
      label: t.hearing(texts.casePage.hearingKinds[h.kind], t.hearingStatus[h.status]),
    })),
    ...[...alerts].map(([id, a]): Draft => ({
      key: `alert-${id}`,
      at: a.at,
      lane: 'alert',
      tone: a.outcome,
      label: t.alert(a.trigger, t.alertOutcomes[a.outcome]),
    })),
  ];
}

/** Past deadlines with their outcome, and the one ahead. */
function deadlineItems(deadlines: PastDeadline[], next: Schemas['Schedule'] | null, now: number, texts: Texts): Draft[] {
  const t = texts.casePage.timeline;
  const rule = (name: string | null) => (texts.rules[(name ?? 'base') as keyof Texts['rules']] ?? texts.rules.base)(texts.soon);
  const past = deadlines.map((d, i): Draft => ({
    key: `deadline-${i}`,
    at: Date.parse(d.dueAt),
    lane: 'deadline',
    tone: d.outcome,
    label: t.deadline(t.outcomes[d.outcome], rule(d.rule)),
  }));
  if (!next?.dueAt || Date.parse(next.dueAt) <= now) return past;
  return [
    ...past,
    { key: 'deadline-next', at: Date.parse(next.dueAt), lane: 'deadline', tone: 'due', label: t.deadline(t.outcomes.due, rule(next.rule)) },
  ];
}

export function timelineData({ entries, deadlines, next, now }: Sources, texts: Texts): TimelineData {
  const drafts = [
    ...entries.flatMap((e, i) => entryItems(e, `${e.kind}-${i}`, texts)),
    ...hearingsAndAlerts(entries, texts),
    ...deadlineItems(deadlines, next, now, texts),
  ];
  const items = drafts
    .map((d): Item => ({ ...d, details: (d.details ?? []).filter((line): line is string => Boolean(line)) }))
    .filter((i) => !Number.isNaN(i.at))
    .sort((a, b) => a.at - b.at);
  const opened = items.find((i) => i.key.startsWith('case.opened'));
  const openedEntry = entries.find((e) => e.kind === 'case.opened');
  const start = opened && openedEntry ? { at: opened.at, level: openedEntry.detail.riskLevel as RiskLevel } : undefined;
  const from = Math.min(now, ...items.map((i) => i.at));
  const to = Math.max(now, ...items.map((i) => i.at));
  return { from, to, now, bands: riskBands(start, items, to), items };
}

/** The level over time: the opening's, then each assessment's from its own time (the latest by time wins). */
function riskBands(opened: { at: number; level: RiskLevel } | undefined, items: Item[], to: number): Band[] {
  const changes = [
    ...(opened ? [opened] : []),
    ...items.filter((i) => i.lane === 'assessment').map((i) => ({ at: i.at, level: i.tone as RiskLevel })),
  ].sort((a, b) => a.at - b.at);
  return changes.map((c, i) => ({ from: c.at, to: changes[i + 1]?.at ?? to, level: c.level }));
}
