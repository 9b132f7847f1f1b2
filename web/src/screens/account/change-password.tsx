/** Change your password (PUT /me/password): the other sessions end, this one stays. */
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem, must } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';

type Change = { currentPassword: string; newPassword: string; revokeTokens: boolean };

export function ChangePassword() {
  const texts = useTexts();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation<unknown, ApiProblem, Change>({ mutationFn: (body) => must(api.PUT('/me/password', { body })) });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('newPassword'));
    setMismatch(newPassword !== form.get('repeatPassword'));
    if (newPassword !== form.get('repeatPassword')) return;
    const body = { currentPassword: String(form.get('currentPassword')), newPassword, revokeTokens: form.get('revokeTokens') === 'on' };
    change.mutate(body, { onSuccess: () => (event.target as HTMLFormElement).reset() });
  };
  return (
    <>
      <h1>{texts.password.title}</h1>
      <form onSubmit={submit} noValidate>
        <FormMessage
          problem={change.error}
          text={mismatch ? texts.password.mismatch : undefined}
          done={change.isSuccess ? texts.password.changed : undefined}
        />
        <p className="hint">{texts.password.hint}</p>
        <Field name="currentPassword" type="password" autoComplete="current-password" required problem={change.error} />
        <Field name="newPassword" type="password" autoComplete="new-password" required minLength={12} problem={change.error} />
        <Field name="repeatPassword" type="password" autoComplete="new-password" required minLength={12} />
        <div className="checkbox">
          <input id="field-revokeTokens" name="revokeTokens" type="checkbox" />
          <label htmlFor="field-revokeTokens">{texts.fields.revokeTokens}</label>
        </div>
        <button type="submit" className="primary" disabled={change.isPending}>
          {texts.password.submit}
        </button>
      </form>
    </>
  );
}
