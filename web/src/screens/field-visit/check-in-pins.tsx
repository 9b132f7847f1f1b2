/** Setting one's field-visit PINs (PUT /me/check-in-pins): the check-in PIN and the duress PIN, with the password. */
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, ApiProblem, must } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';

type Pins = { currentPassword: string; checkInPin: string; duressPin: string };

export function CheckInPins() {
  const texts = useTexts();
  const v = texts.visit;
  const save = useMutation<unknown, ApiProblem, Pins>({ mutationFn: (body) => must(api.PUT('/me/check-in-pins', { body })) });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { currentPassword: '', checkInPin: '', duressPin: '' };
    for (const key of Object.keys(body) as (keyof Pins)[]) body[key] = String(form.get(key) ?? '');
    save.mutate(body, { onSuccess: () => (event.target as HTMLFormElement).reset() });
  };
  const pin = { type: 'password', inputMode: 'numeric', autoComplete: 'off', maxLength: 8, required: true, problem: save.error } as const;
  return (
    <>
      <h1>{v.pinsTitle}</h1>
      <form onSubmit={submit} noValidate>
        <FormMessage problem={save.error} done={save.isSuccess ? v.pinsSaved : undefined} />
        <p className="hint">{v.pinsHint}</p>
        <Field name="checkInPin" {...pin} />
        <Field name="duressPin" {...pin} />
        <Field name="currentPassword" type="password" autoComplete="current-password" required problem={save.error} />
        <button type="submit" className="primary" disabled={save.isPending}>
          {v.pinsSave}
        </button>
      </form>
    </>
  );
}
