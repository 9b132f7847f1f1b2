/** Form pieces every screen shares: a labelled field that shows the API's complaint about it, and the form's message. */
import type { InputHTMLAttributes } from 'react';
import type { ApiProblem } from '../api/client';
import type { Texts } from '../texts/en';
import { useTexts } from '../texts/language';

/** The problem in words: the field it names (in the user's language) and what the API said of it. */
export function problemText(problem: ApiProblem, texts: Texts): string {
  if (problem.status === 0) return texts.problems.network;
  if (problem.status === 429) return texts.problems.tooMany;
  const { field, detail } = problem.problem;
  return field ? texts.problems.field(texts.fields[field] ?? field, detail) : detail;
}

/** The outcome of a form: an error (announced at once) or a confirmation. */
export function FormMessage({ problem, text, done }: { problem?: ApiProblem | null; text?: string; done?: string }) {
  const texts = useTexts();
  if (problem || text) {
    return (
      <p className="message message-error" role="alert">
        {text ?? problemText(problem!, texts)}
      </p>
    );
  }
  return done ? (
    <p className="message message-done" role="status">
      {done}
    </p>
  ) : null;
}

type FieldProps = { name: string; problem?: ApiProblem | null } & InputHTMLAttributes<HTMLInputElement>;

/** A labelled input (label from texts.fields); marked invalid, with the API's words, when the problem names it. */
export function Field({ name, problem, ...input }: FieldProps) {
  const texts = useTexts();
  const id = `field-${name}`;
  const error = problem?.problem.field === name ? problem.problem.detail : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{texts.fields[name] ?? name}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
