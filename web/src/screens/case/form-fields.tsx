/**
 * Inputs of the case forms beyond forms.tsx's Field: selects, checkbox groups and text areas,
 * each labelled and showing the API's words when its problem names the field, whether the
 * record route named it (`measures[2]`) or the preview did (`events[0].measures[2]`).
 */
import type { ReactNode } from 'react';
import type { ApiProblem } from '../../api/client';

/** `<input type="datetime-local">` holds the browser's local time; the API takes an instant. */
export function fromLocalTime(value: string): string {
  return new Date(value).toISOString();
}

/** The API's words about `name`, if its problem names it or one of its items. */
export function fieldError(problem: ApiProblem | null | undefined, name: string): string | undefined {
  const field = problem?.problem.field?.replace(/^events\[\d+\]\./, '');
  if (!field) return undefined;
  return field === name || field.startsWith(`${name}[`) || field.startsWith(`${name}.`) ? problem!.problem.detail : undefined;
}

interface Shared {
  name: string;
  label: string;
  problem?: ApiProblem | null;
  /** The name the API gives the field, when it differs from the input's. */
  errorName?: string;
}

function Labelled({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

const described = (id: string, error?: string) => ({
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${id}-error` : undefined,
});

export function ChoiceField({
  name,
  label,
  problem,
  errorName,
  options,
  defaultValue,
}: Shared & { options: { value: string; label: string }[]; defaultValue?: string }) {
  const id = `field-${name}`;
  const error = fieldError(problem, errorName ?? name);
  return (
    <Labelled id={id} label={label} error={error}>
      {/* Keyed by its options: a default that arrives with them still applies. */}
      <select key={options.length} id={id} name={name} defaultValue={defaultValue} {...described(id, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

export function TextField({
  name,
  label,
  problem,
  errorName,
  multiline,
  ...input
}: Shared & { multiline?: boolean; type?: string; required?: boolean }) {
  const id = `field-${name}`;
  const error = fieldError(problem, errorName ?? name);
  return (
    <Labelled id={id} label={label} error={error}>
      {multiline ? (
        <textarea id={id} name={name} rows={3} maxLength={10_000} {...described(id, error)} />
      ) : (
        <input id={id} name={name} autoComplete="off" {...input} {...described(id, error)} />
      )}
    </Labelled>
  );
}

export function CheckboxGroup({ name, label, problem, options }: Shared & { options: { value: string; label: string }[] }) {
  const error = fieldError(problem, name);
  return (
    <fieldset className="checkbox-group" aria-describedby={error ? `field-${name}-error` : undefined}>
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input type="checkbox" name={name} value={o.value} />
          {o.label}
        </label>
      ))}
      {error && (
        <p id={`field-${name}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
