/**
 * Recording what happened to a case, one form at a time: a "Record…" select opens the event's
 * form; while it is filled in, the schedule preview says what the next deadline would become;
 * once saved, the API's answer says what it was and what it is now.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiProblem, must, type RiskLevel, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useLanguage } from '../../texts/language';
import { EVENT_KINDS, previewEvent, recordEvent, valuesOf, type EventAnswer, type EventKind, type PreviewEvent } from './event-bodies';
import { EventFields, type Hearing } from './event-fields';
import { useRuleText } from './rule-text';

interface Props {
  caseId: string;
  riskLevel: RiskLevel;
  closed: boolean;
  hearings: Hearing[];
  mayCoordinate: boolean;
  onSaved(answer: EventAnswer): void;
}

/** The events this user may record on the case as it stands. */
function kindsFor({ closed, mayCoordinate }: Pick<Props, 'closed' | 'mayCoordinate'>): EventKind[] {
  return EVENT_KINDS.filter((k) => {
    if (k === 'close') return mayCoordinate && !closed;
    if (k === 'reopen') return mayCoordinate && closed;
    return !(k === 'stage' && closed);
  });
}

export function RecordEvent(props: Props) {
  const { texts } = useLanguage();
  const [kind, setKind] = useState<EventKind | ''>('');
  const p = texts.casePage;
  return (
    <section aria-labelledby="record" className="record-event">
      <h2 id="record">{p.record}</h2>
      <div className="field">
        <label htmlFor="record-kind">{p.recordChoose}</label>
        <select id="record-kind" value={kind} onChange={(e) => setKind(e.target.value as EventKind | '')} aria-describedby="record-hint">
          <option value="">{p.recordChoose}</option>
          {kindsFor(props).map((k) => (
            <option key={k} value={k}>
              {p.events[k]}
            </option>
          ))}
        </select>
        <p id="record-hint" className="hint">
          {p.recordHint}
        </p>
      </div>
      {kind && (
        <EventForm
          key={kind}
          kind={kind}
          {...props}
          onDone={(answer) => {
            setKind('');
            document.getElementById('record-kind')?.focus();
            if (answer) props.onSaved(answer);
          }}
        />
      )}
    </section>
  );
}

function EventForm({ kind, caseId, riskLevel, hearings, onDone }: Props & { kind: EventKind; onDone(answer?: EventAnswer): void }) {
  const { texts, formatTime } = useLanguage();
  const queries = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [event, setEvent] = useState<PreviewEvent | null>(null);
  const readEvent = () => setEvent(form.current?.checkValidity() ? previewEvent(kind, valuesOf(form.current)) : null);
  // The focus stays on the "Record…" select (choosing there changes no context); the form follows it.
  useEffect(() => {
    readEvent(); // once, when the form opens: later changes come through onChange
  }, []);
  const save = useMutation<EventAnswer, ApiProblem, HTMLFormElement>({
    mutationFn: (element) => recordEvent(caseId, kind, valuesOf(element)),
    onSuccess: async (answer) => {
      await queries.invalidateQueries({ queryKey: ['case', caseId] });
      await queries.invalidateQueries({ queryKey: ['cases'] });
      await queries.invalidateQueries({ queryKey: ['me'] });
      onDone(answer);
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate(e.currentTarget);
  };
  const f = texts.casePage.form;
  const label = texts.casePage.events[kind];
  const cannot = kind.startsWith('hearing.') && kind !== 'hearing.scheduled' && hearings.length === 0;
  return (
    <form ref={form} className="panel event-form" aria-label={f.formFor(label)} onSubmit={submit} onChange={readEvent} noValidate>
      <h3>{label}</h3>
      <FormMessage problem={save.error} />
      <EventFields kind={kind} problem={save.error} riskLevel={riskLevel} hearings={hearings} formatTime={formatTime} />
      {!cannot && <SchedulePreview caseId={caseId} event={event} />}
      <div className="actions">
        {!cannot && (
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? f.saving : f.save}
          </button>
        )}
        <button type="button" onClick={() => onDone()}>
          {f.cancel}
        </button>
      </div>
    </form>
  );
}

/** What the next deadline would be if the event were saved (POST /cases/{caseId}/schedule-preview). */
function SchedulePreview({ caseId, event }: { caseId: string; event: PreviewEvent | null }) {
  const { texts, formatTime } = useLanguage();
  const ruleText = useRuleText();
  const preview = useQuery({
    queryKey: ['case', caseId, 'preview', event],
    queryFn: () => must(api.POST('/cases/{caseId}/schedule-preview', { params: { path: { caseId } }, body: { events: [event!] } })),
    enabled: event !== null,
    placeholderData: (previous) => previous,
    retry: false,
  });
  const v = texts.casePage.preview;
  const due = (s: Schemas['Schedule']) => (s.dueAt ? `${formatTime(s.dueAt)}` : v.nothingNow);
  let line: string;
  if (event === null) line = v.incomplete;
  else if (preview.isError) line = `${v.failed} ${preview.error instanceof ApiProblem ? preview.error.problem.detail : ''}`;
  else if (!preview.data) line = v.working;
  else {
    const { current, preview: next } = preview.data;
    if (next.dueAt === null) line = v.none;
    else if (next.dueAt === current.dueAt) line = `${v.same(due(current))} ${ruleText(next)}`;
    else line = `${v.line(due(next), due(current))} ${ruleText(next)}`;
  }
  return (
    <div className="preview" aria-live="polite">
      <h4>{v.title}</h4>
      <p data-testid="schedule-preview">{line}</p>
    </div>
  );
}
