/** The caseworker's day: reassessments due and overdue with their rule in words, hearings and releases ahead, the field visit. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Task } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useLanguage } from '../../texts/language';
import { RecordAssessment } from './record-assessment';
import { ruleInWords, workList } from './work-list';

export const MY_TASKS = ['me', 'tasks'] as const;

export function MyWork() {
  const { texts, formatTime } = useLanguage();
  const [recorded, setRecorded] = useState<string>();
  const tasks = useQuery({
    queryKey: MY_TASKS,
    queryFn: () => must(api.GET('/me/tasks', { params: { query: { days: 31 } } })),
    refetchInterval: 60_000,
  });
  if (tasks.isPending) return <p className="loading">{texts.app.loading}</p>;
  if (tasks.isError) return <FormMessage text={texts.app.failed} />;
  const all = tasks.data.tasks;
  const { reassessments, ahead, visits } = workList(all);
  const m = texts.myWork;
  return (
    <>
      <h1>{m.title}</h1>
      <FormMessage done={recorded} />
      <section aria-labelledby="reassessments">
        <h2 id="reassessments">{m.reassessments}</h2>
        {reassessments.length === 0 && <p>{m.noReassessments}</p>}
        <ul className="work-list">
          {reassessments.map((task) => (
            <ReassessmentRow key={task.caseId} task={task} all={all} onRecorded={setRecorded} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="ahead">
        <h2 id="ahead">{m.ahead}</h2>
        {ahead.length === 0 && <p>{m.nothingAhead}</p>}
        <ul className="work-list">
          {ahead.map((task) => (
            <li key={`${task.kind}-${task.caseId}-${task.hearingId ?? task.at}`}>
              <span className="what">{task.kind === 'hearing' ? m.hearing(task.caseCode ?? '') : m.release(task.caseCode ?? '')}</span>
              <span className="when">{formatTime(task.at)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="visit">
        <h2 id="visit">{m.visit}</h2>
        {visits.length === 0 ? (
          <p>{m.noVisit}</p>
        ) : (
          visits.map((v) => <p key={v.visitId}>{m.visitDue(v.visitCode ?? '', formatTime(v.at))}</p>)
        )}
      </section>
    </>
  );
}

function ReassessmentRow({ task, all, onRecorded }: { task: Task; all: Task[]; onRecorded: (line: string) => void }) {
  const { texts, formatTime, formatDaysAway } = useLanguage();
  const [open, setOpen] = useState(false);
  const m = texts.myWork;
  const code = task.caseCode ?? '';
  return (
    <li className={task.overdue ? 'overdue' : undefined} data-case={code}>
      <span className="what">
        <strong>{code}</strong> {ruleInWords(task, all, texts, formatDaysAway)}
        {task.riskLevel && <span className="risk"> · {m.at(texts.riskLevels[task.riskLevel])}</span>}
      </span>
      <span className="when">
        {task.overdue && <span className="badge">{m.overdue}</span>}{' '}
        {task.overdue ? m.wasDue(formatTime(task.at)) : m.due(formatTime(task.at))}
      </span>
      {!open && (
        <button type="button" aria-label={m.recordFor(code)} onClick={() => setOpen(true)}>
          {m.record}
        </button>
      )}
      {open && task.caseId && (
        <RecordAssessment
          caseId={task.caseId}
          caseCode={code}
          riskLevel={task.riskLevel ?? 'MEDIUM'}
          onDone={(reason) => {
            setOpen(false);
            if (reason) onRecorded(m.recorded(code, reason));
          }}
        />
      )}
    </li>
  );
}
