/**
 * What a user may do to an alert, as the API allows it: acknowledge one still paging; take over
 * one nobody acknowledged (coordinators and admins); resolve one with a short note (coordinators
 * and admins). Each answers the alert's confirmed state; every view of alerts is then refreshed.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem, must, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { hasRole, useMe } from '../../app/session';
import { useTexts } from '../../texts/language';

type Alert = Pick<Schemas['Alert'], 'id' | 'state' | 'caseCode' | 'fieldVisitId'>;

/** How often the views of alerts ask again: a change shows within seconds (paused while the tab is hidden). */
export const POLL_MS = 3_000;

/** Every query that shows alerts: the dashboard's and the alerts'. */
export const ALERT_QUERIES = [['dashboard'], ['alerts']] as const;

/**
 * The action, answering the line that says what happened. `said` gets that line before the views
 * refresh (which may remove the row holding the button).
 */
function useAlertAction(call: () => Promise<string>, said?: (line: string) => void) {
  const queries = useQueryClient();
  return useMutation<string, ApiProblem, void>({
    mutationFn: call,
    onSuccess: async (line) => {
      said?.(line);
      await Promise.all(ALERT_QUERIES.map((queryKey) => queries.invalidateQueries({ queryKey })));
    },
  });
}

/** The API answers 202 when the alert has not confirmed it yet. */
async function confirmed(call: Promise<{ response: Response; data?: unknown; error?: unknown }>): Promise<boolean> {
  const answer = await call;
  await must(Promise.resolve(answer));
  return answer.response.status === 200;
}

/** "Acknowledge" while paging, "Take over" when nobody acknowledged (coordinators and admins); nothing otherwise. */
export function AcknowledgeButton({ alert, onDone }: { alert: Alert; onDone?: (line: string) => void }) {
  const texts = useTexts();
  const me = useMe();
  const a = texts.alerts;
  const takeOver = alert.state === 'UNACKNOWLEDGED';
  const act = useAlertAction(
    async () => {
      // What the user asked for, fixed now: the alert's state moves on while the API confirms.
      const done = takeOver ? a.tookOver : a.acknowledged;
      const ok = await confirmed(api.POST('/alerts/{id}/acknowledge', { params: { path: { id: alert.id } }, body: {} }));
      return ok ? done : a.notConfirmed;
    },
    onDone && ((line) => onDone(`${a.about(alert.caseCode, alert.fieldVisitId !== null)}: ${line}`)),
  );
  const allowed = alert.state === 'ALERTING' || (takeOver && me.data && hasRole(me.data, 'COORDINATOR'));
  if (act.isSuccess) return onDone ? null : <FormMessage done={act.data} />;
  if (!allowed) return null;
  return (
    <span className="alert-action">
      <button
        type="button"
        className="primary"
        aria-label={takeOver ? a.takeOverFor(alert.caseCode) : a.acknowledgeFor(alert.caseCode)}
        disabled={act.isPending}
        onClick={() => act.mutate()}
      >
        {act.isPending ? a.working : takeOver ? a.takeOver : a.acknowledge}
      </button>
      <FormMessage problem={act.error} />
    </span>
  );
}

/** Resolving with a note, for coordinators and admins, while the alert is not resolved. */
export function ResolveForm({ alert }: { alert: Alert }) {
  const texts = useTexts();
  const me = useMe();
  const [note, setNote] = useState('');
  const act = useAlertAction(async () =>
    (await confirmed(api.POST('/alerts/{id}/resolve', { params: { path: { id: alert.id } }, body: { note: note.trim() } })))
      ? texts.alerts.resolved
      : texts.alerts.notConfirmed,
  );
  if (act.isSuccess) return <FormMessage done={act.data} />;
  if (alert.state === 'RESOLVED' || !me.data || !hasRole(me.data, 'COORDINATOR')) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    act.mutate();
  };
  const error = act.error?.problem.field === 'note' ? act.error.problem.detail : undefined;
  return (
    <form className="resolve" onSubmit={submit} aria-label={texts.alerts.resolve}>
      <FormMessage problem={act.error} />
      <div className="field">
        <label htmlFor="resolve-note">{texts.alerts.resolveNote}</label>
        <textarea
          id="resolve-note"
          name="note"
          rows={2}
          maxLength={500}
          required
          value={note}
          onChange={(event) => setNote(event.target.value)}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <button type="submit" disabled={act.isPending}>
        {act.isPending ? texts.alerts.working : texts.alerts.resolve}
      </button>
    </form>
  );
}
