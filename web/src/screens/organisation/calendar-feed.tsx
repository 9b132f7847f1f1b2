/** The caller's calendar feed link (POST/DELETE /me/calendar-feed): shown once when made; stopping it ends every link. */
import { useMutation } from '@tanstack/react-query';
import { api, ApiProblem, must } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';

export function CalendarFeed() {
  const c = useTexts().organisation.calendar;
  const create = useMutation<{ url: string }, ApiProblem>({ mutationFn: () => must(api.POST('/me/calendar-feed')) });
  const revoke = useMutation<unknown, ApiProblem>({
    mutationFn: () => must(api.DELETE('/me/calendar-feed')),
    onSuccess: () => create.reset(),
  });
  return (
    <>
      <h1>{c.title}</h1>
      <p className="hint">{c.hint}</p>
      <FormMessage problem={create.error ?? revoke.error} done={revoke.isSuccess && !create.data ? c.revoked : undefined} />
      {create.data && (
        <div className="field">
          <label htmlFor="feed-link">{c.created}</label>
          <input id="feed-link" className="feed-link" readOnly value={create.data.url} onFocus={(e) => e.target.select()} />
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={create.isPending}
          onClick={() => {
            revoke.reset();
            create.mutate();
          }}
        >
          {c.create}
        </button>
        <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
          {c.revoke}
        </button>
      </div>
    </>
  );
}
