/**
 * Starting a field visit (POST /field-visits): when you expect to be back, the grace minutes,
 * where, why and with whom (encrypted, never in messages), and who is alerted if you are in danger.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem, must } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useLanguage } from '../../texts/language';
import { MY_VISIT, VisitFooter, type FieldVisit } from './field-visit';

type Start = {
  expectedEndAt: string;
  graceMinutes: number;
  location?: string;
  purpose?: string;
  withWhom?: string;
  safetyContactIds?: string[];
};

const two = (n: number) => String(n).padStart(2, '0');
/** An hour from now, on the next five minutes, as a time input writes it ("14:35"). */
function inAnHour(): string {
  const at = new Date(Math.ceil((Date.now() + 3_600_000) / 300_000) * 300_000);
  return `${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** "14:35" as the next such moment: today, or tomorrow when it has passed. */
export function nextTime(hhmm: string, now = Date.now()): string | undefined {
  const [hours, minutes] = hhmm.split(':').map(Number);
  if (!Number.isInteger(hours) || !Number.isInteger(minutes)) return undefined;
  const at = new Date(now);
  at.setHours(hours, minutes, 0, 0);
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.toISOString();
}

export function StartVisit() {
  const { texts, formatTime } = useLanguage();
  const v = texts.visit;
  const queries = useQueryClient();
  const [backBy, setBackBy] = useState(inAnHour);
  const choices = useQuery({
    queryKey: ['field-visits', 'safety-contacts'],
    queryFn: () => must(api.GET('/field-visits/safety-contacts')),
  });
  const start = useMutation<FieldVisit, ApiProblem, Start>({
    mutationFn: (body) => must(api.POST('/field-visits', { body })),
    onSuccess: (visit) => queries.setQueryData(MY_VISIT, visit),
  });
  const endsAt = nextTime(backBy);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const chosen = form.getAll('safetyContactIds').map(String);
    start.mutate({
      expectedEndAt: endsAt ?? '',
      graceMinutes: Number(form.get('graceMinutes')),
      location: text('location'),
      purpose: text('purpose'),
      withWhom: text('withWhom'),
      safetyContactIds: chosen.length ? chosen : undefined,
    });
  };
  return (
    <>
      <h1>{v.startTitle}</h1>
      <form onSubmit={submit} noValidate className="visit-start">
        <FormMessage problem={start.error} />
        <p className="hint">{v.startHint}</p>
        <Field
          name="expectedEndAt"
          type="time"
          required
          problem={start.error}
          value={backBy}
          onChange={(e) => setBackBy(e.target.value)}
          aria-describedby="ends-at"
        />
        <p id="ends-at" className="hint">
          {endsAt && v.endsAt(formatTime(endsAt))}
        </p>
        <Field name="graceMinutes" type="number" inputMode="numeric" min={1} max={120} defaultValue={15} required problem={start.error} />
        <Field name="location" problem={start.error} />
        <Field name="purpose" problem={start.error} />
        <Field name="withWhom" problem={start.error} />
        <fieldset className="visit-contacts">
          <legend>{v.contacts}</legend>
          {choices.data?.contacts.length === 0 && <p>{v.noContacts}</p>}
          {choices.data?.contacts.map((c) => (
            <label key={c.id} className="choice">
              <input type="checkbox" name="safetyContactIds" value={c.id} defaultChecked={c.id === choices.data.defaultContactId} />
              {c.displayName} {c.id === choices.data.defaultContactId && <span className="hint">{v.byDefault}</span>}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="visit-button visit-safe" disabled={start.isPending}>
          {start.isPending ? v.starting : v.start}
        </button>
      </form>
      <VisitFooter />
    </>
  );
}
