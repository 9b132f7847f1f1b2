/**
 * What a case event answers: the schedule before and after it, and one line saying what changed
 * ("Relocation: reassess by Tue 9 Dec 14:00 (was Fri 12 Dec 09:00)") in the reader's language
 * (English or Serbian Latin: the Accept-Language header, else the language of their contact
 * card, else English) and time zone (of their contact card, else domain/defaults.ts).
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PerpetratorEventType } from '../domain/case-facts';
import type { CaseEventType } from '../domain/case-events';
import type { Schedule } from '../domain/policy';
import type { ScheduleChange } from '../workflows/case-messages';
import { callerOf } from './auth';
import type { ApiDependencies } from './context';
import { scheduleView } from './views';
import { DEFAULT_TIME_ZONE } from '../domain/defaults';
import type { Language } from '../domain/message-texts';

export const eventAnswer = z
  .object({
    schedule: scheduleView.describe('The schedule after the event'),
    before: scheduleView.describe('The schedule before it'),
    reason: z.string().describe('What changed, in one line, in your language (Accept-Language: en or sr) and time zone'),
  })
  .meta({ id: 'EventAnswer' });

const WORDS = {
  en: {
    by: 'reassess by',
    was: 'was',
    unchanged: 'unchanged',
    none: 'no reassessment due',
    nothing: 'none',
    days: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    events: {
      'assessment.completed': 'Assessment',
      'hearing.scheduled': 'Hearing scheduled',
      'hearing.moved': 'Hearing moved',
      'hearing.cancelled': 'Hearing cancelled',
      'hearing.held': 'Hearing held',
      'incident.reported': 'Incident',
      'relocation.recorded': 'Relocation',
      'stage.changed': 'Stage changed',
      'case.closed': 'Case closed',
      'case.reopened': 'Case reopened',
    },
    perpetrator: { RELEASE_ANNOUNCED: 'Release announced', RELEASED: 'Released', ESCAPED: 'Escaped', DETAINED: 'Detained' },
  },
  'sr-Latn': {
    by: 'ponovna procena do',
    was: 'bilo',
    unchanged: 'bez promene',
    none: 'nema roka za ponovnu procenu',
    nothing: 'nije bilo roka',
    days: ['ned', 'pon', 'uto', 'sre', 'čet', 'pet', 'sub'],
    months: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'avg', 'sep', 'okt', 'nov', 'dec'],
    events: {
      'assessment.completed': 'Procena',
      'hearing.scheduled': 'Zakazano ročište',
      'hearing.moved': 'Ročište pomereno',
      'hearing.cancelled': 'Ročište otkazano',
      'hearing.held': 'Ročište održano',
      'incident.reported': 'Incident',
      'relocation.recorded': 'Preseljenje',
      'stage.changed': 'Promena faze',
      'case.closed': 'Slučaj zatvoren',
      'case.reopened': 'Slučaj ponovo otvoren',
    },
    perpetrator: {
      RELEASE_ANNOUNCED: 'Najavljeno puštanje',
      RELEASED: 'Pušten na slobodu',
      ESCAPED: 'Pobegao',
      DETAINED: 'Ponovo u pritvoru',
    },
  },
} as const;

/** The first language of the header Vigil speaks (sr, sr-Latn, sr-RS: Serbian Latin), if any. */
export function headerLanguage(header: string | undefined): Language | null {
  const ranked = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) : 1 };
    })
    .filter(({ q }) => q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'sr' || tag.startsWith('sr-') || tag === 'sh' || tag === 'bs' || tag === 'hr') return 'sr-Latn';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return null;
}

/** One formatter per time zone: making one costs more than the rest of an event's answer. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterIn = (timeZone: string) => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    const fields = { weekday: 'short', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' } as const;
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, ...fields, hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** `Tue 9 Dec 14:00` (en) or `uto 9. dec 14:00` (sr-Latn), in the time zone. */
export function shortTime(iso: string, language: Language, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterIn(timeZone)
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  const words = WORDS[language];
  const weekday = words.days[['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday)];
  const month = words.months[Number(parts.month) - 1];
  const day = language === 'en' ? `${Number(parts.day)} ${month}` : `${Number(parts.day)}. ${month}`;
  return `${weekday} ${day} ${parts.hour}:${parts.minute}`;
}

/** The one line: what happened, the deadline now, and the one before when it moved. */
export function changeReason(
  event: { type: CaseEventType; status?: PerpetratorEventType },
  before: Schedule,
  after: Schedule,
  language: Language,
  timeZone: string,
): string {
  const words = WORDS[language];
  const label =
    event.type === 'perpetrator.status' && event.status
      ? words.perpetrator[event.status]
      : words.events[event.type as keyof typeof words.events];
  if (after.dueAt === null) return `${label}: ${words.none}`;
  const now = `${words.by} ${shortTime(after.dueAt, language, timeZone)}`;
  if (before.dueAt === after.dueAt) return `${label}: ${now} (${words.unchanged})`;
  const was = before.dueAt === null ? words.nothing : shortTime(before.dueAt, language, timeZone);
  return `${label}: ${now} (${words.was} ${was})`;
}

/** The reader's language and time zone: the header first, then their contact card. */
async function readerOf(deps: ApiDependencies, request: FastifyRequest): Promise<{ language: Language; timeZone: string }> {
  const card = await deps.prisma.contact.findFirst({
    where: { userId: callerOf(request).userId },
    select: { language: true, timeZone: true },
  });
  const language = headerLanguage(request.headers['accept-language']) ?? (card?.language === 'sr-Latn' ? 'sr-Latn' : 'en');
  return { language, timeZone: card?.timeZone ?? DEFAULT_TIME_ZONE };
}

/** Sends one event to the case's workflow; answers the schedule before and after it, and why. */
export async function recordCaseEvent<A extends object>(
  deps: ApiDependencies,
  request: FastifyRequest,
  workflowId: string,
  update: UpdateDefinition<ScheduleChange, [A]>,
  args: A,
): Promise<z.infer<typeof eventAnswer>> {
  // The reader is read before the event is sent: a database that fails here leaves the case unchanged.
  const { language, timeZone } = await readerOf(deps, request);
  // One round trip: the update answers the schedule before the event as well as after it.
  const { before, ...schedule } = await deps.temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [args] });
  // A worker older than `before` (mid-upgrade) answers without it; the change then reads as none.
  const was = before ?? schedule;
  const event = { type: update.name as CaseEventType, status: (args as { status?: PerpetratorEventType }).status };
  return { schedule, before: was, reason: changeReason(event, was, schedule, language, timeZone) };
}
