/**
 * One case: who works it and who is alerted, the next deadline and the projected ones, a form
 * for every event the API takes (with its preview, and what changed once saved), and the timeline.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, must, type RiskLevel, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { hasRole, useMe } from '../../app/session';
import { useLanguage } from '../../texts/language';
import type { EventAnswer } from './event-bodies';
import type { Hearing } from './event-fields';
import { RecordEvent } from './record-event';
import { useRuleText } from './rule-text';
import { Timeline } from './timeline';
import type { Entry } from './timeline-data';
import './case.css';

type CaseDetail = Schemas['Case'] & {
  caseworkerName: string;
  coordinatorName: string;
  designatedContacts: { contactId: string; role: string; level: number; displayName: string }[];
};

export function CasePage() {
  const { caseId = '' } = useParams();
  const { texts, formatTime } = useLanguage();
  const me = useMe();
  const [saved, setSaved] = useState<EventAnswer>();
  const path = { params: { path: { caseId } } };
  const detail = useQuery({ queryKey: ['case', caseId], queryFn: () => must(api.GET('/cases/{caseId}', path)) });
  const timeline = useQuery({ queryKey: ['case', caseId, 'timeline'], queryFn: () => must(api.GET('/cases/{caseId}/timeline', path)) });
  const deadlines = useQuery({ queryKey: ['case', caseId, 'deadlines'], queryFn: () => must(api.GET('/cases/{caseId}/deadlines', path)) });
  if (detail.isPending) return <p className="loading">{texts.app.loading}</p>;
  if (detail.isError) return <FormMessage text={texts.app.failed} />;
  const c = detail.data.case as CaseDetail;
  const live = detail.data.live;
  const p = texts.casePage;
  const record = live?.record as { hearings?: Hearing[] } | undefined;
  const entries = timeline.data?.entries ?? [];
  return (
    <>
      <p>
        <Link to="/cases">{p.back}</Link>
      </p>
      <h1>{p.title(c.caseCode)}</h1>
      {c.erasedAt && <p className="hint">{p.erased(formatTime(c.erasedAt))}</p>}
      <CaseSummary detail={c} riskLevel={live?.schedule.riskLevel ?? c.riskLevel} providerRisk={providerRisk(entries)} />
      {live && <Deadlines caseId={caseId} schedule={live.schedule} />}
      {saved && (
        <div className="panel saved" role="status">
          <h2>{p.saved.title}</h2>
          <p>{saved.reason}</p>
          <p>
            {p.saved.line(
              saved.before.dueAt ? formatTime(saved.before.dueAt) : p.preview.nothingNow,
              saved.schedule.dueAt ? formatTime(saved.schedule.dueAt) : p.preview.nothingNow,
            )}
          </p>
        </div>
      )}
      {live && me.data && (
        <RecordEvent
          caseId={caseId}
          riskLevel={live.schedule.riskLevel}
          closed={c.closedAt !== null}
          hearings={(record?.hearings ?? []).filter((h) => h.status === 'SCHEDULED')}
          mayCoordinate={hasRole(me.data, 'COORDINATOR')}
          onSaved={setSaved}
        />
      )}
      {timeline.isError || deadlines.isError ? (
        <FormMessage text={texts.app.failed} />
      ) : timeline.data && deadlines.data ? (
        <Timeline caseCode={c.caseCode} entries={entries} deadlines={deadlines.data.deadlines} next={live?.schedule ?? null} />
      ) : (
        <p className="loading">{texts.app.loading}</p>
      )}
    </>
  );
}

/** The risk to staff the latest assessment that rated it gave (a later one without a rating leaves it). */
function providerRisk(entries: Entry[]): RiskLevel | null {
  const rated = entries
    .filter((e) => e.kind === 'assessment.completed' && typeof e.detail.providerRisk === 'string')
    .sort((a, b) => Date.parse(String(a.detail.at)) - Date.parse(String(b.detail.at)));
  return (rated.pop()?.detail.providerRisk as RiskLevel | undefined) ?? null;
}

function CaseSummary({ detail, riskLevel, providerRisk }: { detail: CaseDetail; riskLevel: RiskLevel; providerRisk: RiskLevel | null }) {
  const { texts } = useLanguage();
  const p = texts.casePage;
  return (
    <section aria-labelledby="summary">
      <h2 id="summary">{p.summary}</h2>
      <dl className="case-summary">
        <dt>{p.stage}</dt>
        <dd>{p.stages[detail.stage]}</dd>
        <dt>{p.risk}</dt>
        <dd>
          <span className={`risk-chip risk-${riskLevel}`}>{texts.riskLevels[riskLevel]}</span>
        </dd>
        <dt>{p.providerRisk}</dt>
        <dd>{providerRisk ? texts.riskLevels[providerRisk] : p.notAssessed}</dd>
        <dt>{p.caseworker}</dt>
        <dd>{detail.caseworkerName}</dd>
        <dt>{p.coordinator}</dt>
        <dd>{detail.coordinatorName}</dd>
        <dt>{p.contacts}</dt>
        <dd>
          {detail.designatedContacts.length === 0 ? (
            p.noContacts
          ) : (
            <ol className="contacts">
              {detail.designatedContacts.map((contact) => (
                <li key={contact.contactId}>
                  {contact.displayName} ({p.contactRoles[contact.role] ?? contact.role})
                </li>
              ))}
            </ol>
          )}
        </dd>
      </dl>
    </section>
  );
}

/** The deadline in force and the ones projected after it (GET /cases/{caseId}/schedule). */
function Deadlines({ caseId, schedule }: { caseId: string; schedule: Schemas['Schedule'] }) {
  const { texts, formatTime } = useLanguage();
  const ruleText = useRuleText();
  const projected = useQuery({
    queryKey: ['case', caseId, 'schedule'],
    queryFn: () => must(api.GET('/cases/{caseId}/schedule', { params: { path: { caseId }, query: { days: 30 } } })),
  });
  const p = texts.casePage;
  const overdue = schedule.dueAt !== null && Date.parse(schedule.dueAt) < Date.now();
  const later = (projected.data?.deadlines ?? []).filter((d) => d.dueAt !== schedule.dueAt);
  return (
    <section aria-labelledby="deadlines">
      <h2 id="deadlines">{p.deadlines}</h2>
      <p className={`next-deadline${overdue ? ' overdue' : ''}`} data-testid="next-deadline">
        <span>{p.next}: </span>
        {schedule.dueAt ? (
          <>
            {overdue && <span className="badge">{p.overdue}</span>} <strong>{formatTime(schedule.dueAt)}</strong>{' '}
            <span className="rule">{ruleText(schedule)}</span>
          </>
        ) : (
          p.noDeadline
        )}
      </p>
      {later.length > 0 && (
        <>
          <h3 id="projected">{p.projected}</h3>
          <ol className="projected" aria-labelledby="projected">
            {later.map((d) => (
              <li key={d.dueAt}>
                <time dateTime={d.dueAt}>{formatTime(d.dueAt)}</time> {ruleText(d)}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
