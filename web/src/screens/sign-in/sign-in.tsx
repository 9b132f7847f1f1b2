/** Sign in with email and password; the API keeps the session in an HttpOnly cookie. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, ApiProblem, must } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { LanguageSwitch } from '../../app/language-switch';
import { ME, useMe } from '../../app/session';
import { useTexts } from '../../texts/language';

export function SignIn() {
  const texts = useTexts();
  const me = useMe();
  const queries = useQueryClient();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const signIn = useMutation<unknown, ApiProblem, { email: string; password: string }>({
    mutationFn: async (body) => queries.setQueryData(ME, (await must(api.POST('/auth/session', { body }))).user),
  });

  if (me.data) return <Navigate to={from} replace />;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get('email')), password: String(form.get('password')) });
  };
  const wrong = signIn.error?.status === 401 ? texts.problems.wrongSignIn : undefined;
  return (
    <main id="main" className="sign-in">
      <LanguageSwitch />
      <h1>{texts.signIn.title}</h1>
      <form onSubmit={submit} noValidate>
        <FormMessage problem={signIn.error} text={wrong} />
        <Field name="email" type="email" autoComplete="username" required problem={signIn.error} />
        <Field name="password" type="password" autoComplete="current-password" required problem={signIn.error} />
        <button type="submit" className="primary" disabled={signIn.isPending}>
          {signIn.isPending ? texts.signIn.working : texts.signIn.submit}
        </button>
      </form>
    </main>
  );
}
