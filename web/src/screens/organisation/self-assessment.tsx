/**
 * The organisation's safety self-assessment (GET/POST /self-assessments): the eight indicators
 * scored 0 to 3 with an optional note each, when the next is due, and the trend as a chart with
 * the same data in a table.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, ApiProblem, must, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useLanguage } from '../../texts/language';
import { TrendChart, TrendTable } from './self-assessment-trend';

const SELF_ASSESSMENTS = ['self-assessments'] as const;
type Recorded = { selfAssessment: Schemas['SelfAssessment'] };
type Body = { scores: Record<string, number>; notes: Record<string, string> };

export function SelfAssessment() {
  const { texts, formatTime } = useLanguage();
  const s = texts.organisation.selfAssessment;
  const queries = useQueryClient();
  const list = useQuery({
    queryKey: SELF_ASSESSMENTS,
    queryFn: () => must(api.GET('/self-assessments', { params: { query: { limit: 100 } } })),
  });
  const record = useMutation<Recorded, ApiProblem, Body>({
    mutationFn: (body) => must(api.POST('/self-assessments', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: SELF_ASSESSMENTS }),
  });
  if (!list.data) return <p className="loading">{texts.app.loading}</p>;
  const { indicators, schedule, selfAssessments } = list.data;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Body = { scores: {}, notes: {} };
    for (const { key } of indicators) {
      const score = form.get(`score-${key}`);
      if (score !== null) body.scores[key] = Number(score);
      const note = String(form.get(`note-${key}`) ?? '').trim();
      if (note) body.notes[key] = note;
    }
    record.mutate(body, { onSuccess: () => (event.target as HTMLFormElement).reset() });
  };
  const level = (risk: string) => texts.riskLevels[risk as keyof typeof texts.riskLevels] ?? risk;
  return (
    <>
      <h1>{s.title}</h1>
      <p>
        {s.due(formatTime(schedule.dueAt))} {schedule.riskLevel && s.level(level(schedule.riskLevel))}
      </p>
      <h2>{s.trend}</h2>
      {selfAssessments.length === 0 ? (
        <p>{s.none}</p>
      ) : (
        <>
          <TrendChart assessments={selfAssessments} />
          <TrendTable assessments={selfAssessments} indicators={indicators.map((i) => i.key)} />
        </>
      )}
      <h2>{s.record}</h2>
      <p className="hint">{s.hint}</p>
      <form onSubmit={submit} noValidate>
        {indicators.map(({ key, title, scale }) => (
          <fieldset key={key} className="indicator">
            <legend>{s.indicators[key] ?? title}</legend>
            {scale.map((words, score) => (
              <label key={score} className="choice">
                <input type="radio" name={`score-${key}`} value={score} required />
                {score}: {s.scales[key]?.[score] ?? words}
              </label>
            ))}
            <div className="field">
              <label htmlFor={`note-${key}`}>{s.note}</label>
              <textarea id={`note-${key}`} name={`note-${key}`} rows={2} />
            </div>
          </fieldset>
        ))}
        <FormMessage problem={record.error} done={record.data ? s.recorded(level(record.data.selfAssessment.riskLevel)) : undefined} />
        <button type="submit" className="primary" disabled={record.isPending}>
          {s.record}
        </button>
      </form>
    </>
  );
}
