/**
 * The reassessment policy's overrides (GET/PUT /organisation/policy) with their preview (POST
 * /organisation/policy/preview): per risk level, the values to change (empty keeps the default),
 * what the change would do to the open cases' deadlines, then saving it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, ApiProblem, must, RISK_LEVELS, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';

const VALUES = ['baseIntervalHours', 'leadHours', 'graceHours'] as const;
type Overrides = { levels?: Record<string, Partial<Record<(typeof VALUES)[number], number>>> };
const POLICY = ['organisation', 'policy'] as const;

/** The overrides the form holds: only the values filled in. */
function overridesOf(form: HTMLFormElement): Overrides {
  const data = new FormData(form);
  const levels: NonNullable<Overrides['levels']> = {};
  for (const level of RISK_LEVELS) {
    for (const value of VALUES) {
      const text = String(data.get(`${level}.${value}`) ?? '').trim();
      if (text) levels[level] = { ...levels[level], [value]: Number(text) };
    }
  }
  return { levels };
}

export function Policy() {
  const texts = useTexts();
  const p = texts.organisation.policy;
  const form = useRef<HTMLFormElement>(null);
  const queries = useQueryClient();
  const policy = useQuery({ queryKey: POLICY, queryFn: () => must(api.GET('/organisation/policy')) });
  const preview = useMutation<Schemas['PolicyChangeEffect'], ApiProblem, Overrides>({
    mutationFn: (body) => must(api.POST('/organisation/policy/preview', { body })),
  });
  const save = useMutation<{ casesReached: number }, ApiProblem, Overrides>({
    mutationFn: (body) => must(api.PUT('/organisation/policy', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: POLICY }),
  });
  if (!policy.data) return <p className="loading">{texts.app.loading}</p>;
  const { inForce, version } = policy.data;
  const set = (policy.data.overrides as Overrides).levels ?? {};
  const effect = preview.data;
  return (
    <>
      <h1>{p.title}</h1>
      <p className="hint">{p.hint}</p>
      <p>{p.version(version)}</p>
      <form
        ref={form}
        key={version}
        noValidate
        onChange={() => preview.reset()}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(overridesOf(event.currentTarget));
        }}
      >
        <div className="table-scroll" tabIndex={0} role="region" aria-label={p.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{p.level}</th>
                {VALUES.map((value) => (
                  <th scope="col" key={value}>
                    {p[value]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {RISK_LEVELS.map((level) => (
                <tr key={level}>
                  <th scope="row">{texts.riskLevels[level]}</th>
                  {VALUES.map((value) => (
                    <td key={value}>
                      <input
                        name={`${level}.${value}`}
                        type="number"
                        step="any"
                        aria-label={p.fieldOf(p[value], texts.riskLevels[level])}
                        aria-describedby={`${level}-${value}-in-force`}
                        defaultValue={set[level]?.[value]}
                        placeholder={String(inForce[level][value])}
                      />
                      <span id={`${level}-${value}-in-force`} className="hint">
                        {' '}
                        {p.inForce(inForce[level][value])}
                      </span>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <FormMessage
          problem={preview.error ?? save.error}
          done={
            effect
              ? p.effect(effect.cases, effect.earlier, effect.later, effect.unchanged)
              : save.data
                ? p.savedReached(save.data.casesReached)
                : undefined
          }
        />
        <div className="actions">
          <button type="button" disabled={preview.isPending} onClick={() => form.current && preview.mutate(overridesOf(form.current))}>
            {p.preview}
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            {texts.organisation.save}
          </button>
        </div>
      </form>
    </>
  );
}
