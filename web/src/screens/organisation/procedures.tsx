/** Response procedures per alert kind (GET /procedures, PUT /procedures/:trigger): the steps, one per line. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem, must, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useLanguage } from '../../texts/language';

type Procedure = Schemas['ResponseProcedure'];

export function Procedures() {
  const { texts, language, formatTime } = useLanguage();
  const p = texts.organisation.procedures;
  const queries = useQueryClient();
  const key = ['procedures', language];
  const procedures = useQuery({
    queryKey: key,
    queryFn: () => must(api.GET('/procedures', { params: { query: { language: language === 'en' ? 'en' : 'sr-Latn' } } })),
  });
  const [trigger, setTrigger] = useState<Procedure['trigger']>('panic');
  const save = useMutation<Procedure, ApiProblem, { trigger: Procedure['trigger']; steps: string[] }>({
    mutationFn: ({ trigger: t, steps }) => must(api.PUT('/procedures/{trigger}', { params: { path: { trigger: t } }, body: { steps } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['procedures'] }),
  });
  if (!procedures.data) return <p className="loading">{texts.app.loading}</p>;
  const procedure = procedures.data.procedures.find((x) => x.trigger === trigger)!;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const lines = String(new FormData(event.currentTarget).get('steps') ?? '').split('\n');
    save.mutate({ trigger, steps: lines.map((line) => line.trim()).filter(Boolean) });
  };
  return (
    <>
      <h1>{p.title}</h1>
      <p className="hint">{p.hint}</p>
      <div className="field">
        <label htmlFor="procedure-trigger">{p.trigger}</label>
        <select
          id="procedure-trigger"
          value={trigger}
          onChange={(e) => {
            save.reset();
            setTrigger(e.target.value as Procedure['trigger']);
          }}
        >
          {procedures.data.procedures.map((x) => (
            <option key={x.trigger} value={x.trigger}>
              {p.triggers[x.trigger] ?? x.trigger}
            </option>
          ))}
        </select>
      </div>
      {/* Keyed by the procedure shown, so the text area starts from its steps. */}
      <form key={`${trigger}-${procedure.updatedAt ?? 'default'}-${language}`} onSubmit={submit} noValidate>
        <p className="hint">{procedure.isDefault ? p.isDefault : procedure.updatedAt && p.updated(formatTime(procedure.updatedAt))}</p>
        <div className="field">
          <label htmlFor="field-steps">{texts.fields.steps}</label>
          <textarea id="field-steps" name="steps" rows={10} defaultValue={procedure.steps.join('\n')} />
        </div>
        <FormMessage problem={save.error} done={save.isSuccess ? texts.organisation.saved : undefined} />
        <button type="submit" className="primary" disabled={save.isPending}>
          {texts.organisation.save}
        </button>
      </form>
    </>
  );
}
