/** The assessment form of one case: the risk level (the current one preselected) and notes; saving moves the deadline. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type FormEvent } from 'react';
import { api, ApiProblem, must, RISK_LEVELS, type RiskLevel } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';

interface Props {
  caseId: string;
  caseCode: string;
  riskLevel: RiskLevel;
  /** With the API's line saying what changed; without one when cancelled. */
  onDone(reason?: string): void;
}

export function RecordAssessment({ caseId, caseCode, riskLevel, onDone }: Props) {
  const texts = useTexts();
  const queries = useQueryClient();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const record = useMutation<string, ApiProblem, { riskLevel: RiskLevel; notes?: string }>({
    mutationFn: async (body) =>
      (await must(api.POST('/cases/{caseId}/assessments', { params: { path: { caseId } }, body: { ...body, measures: [] } }))).reason,
    onSuccess: async (reason) => {
      await queries.invalidateQueries({ queryKey: ['me'] });
      onDone(reason);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const notes = String(form.get('notes') ?? '').trim();
    record.mutate({ riskLevel: form.get('riskLevel') as RiskLevel, ...(notes ? { notes } : {}) });
  };
  const m = texts.myWork;
  return (
    <form className="record-assessment" onSubmit={submit} aria-label={m.recordFor(caseCode)}>
      <FormMessage problem={record.error} />
      <fieldset>
        <legend>{texts.fields.riskLevel}</legend>
        {RISK_LEVELS.map((level) => (
          <label key={level} className="choice">
            <input
              ref={level === riskLevel ? first : undefined}
              type="radio"
              name="riskLevel"
              value={level}
              defaultChecked={level === riskLevel}
            />
            {texts.riskLevels[level]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`notes-${caseId}`}>{texts.fields.notes}</label>
        <textarea id={`notes-${caseId}`} name="notes" rows={2} maxLength={10_000} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={record.isPending}>
          {record.isPending ? m.saving : m.save}
        </button>
        <button type="button" onClick={() => onDone()}>
          {m.cancel}
        </button>
      </div>
    </form>
  );
}
