/** The dashboard's sections; every row links to its case, alert or field visit. */
import { useState } from 'react';
import { Link } from 'react-router';
import type { paths } from '../../api/schema';
import { useLanguage } from '../../texts/language';
import { AcknowledgeButton } from '../alerts/alert-actions';
import { AlertSummary } from '../alerts/alert-summary';

type Json<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer T } } } } }
  ? T
  : never;
type Overview = Json<'/dashboard'>;
type Names = Map<string, string>;

/** Long lists show their first rows until asked for all: 2,000 overdue cases must not slow the page. */
const FIRST_ROWS = 50;

function Section({
  id,
  title,
  empty,
  count,
  children,
}: {
  id: string;
  title: string;
  empty: string;
  count: number;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="dashboard-section">
      <h2 id={id}>
        {title} <span className="count">({count})</span>
      </h2>
      {count === 0 ? <p>{empty}</p> : children}
    </section>
  );
}

export function AlertsSection({ alerts, onDone }: { alerts: Overview['unacknowledgedAlerts']; onDone: (line: string) => void }) {
  const { texts, formatTime } = useLanguage();
  const a = texts.alerts;
  return (
    <Section id="dashboard-alerts" title={texts.dashboard.alerts} empty={texts.dashboard.noAlerts} count={alerts.length}>
      <ul className="work-list">
        {alerts.map((alert) => (
          <li key={alert.id} className="urgent" data-alert={alert.id}>
            <AlertSummary alert={alert} />
            <span className="when">
              {a.openFor(Math.floor(alert.openSeconds / 60))} ·{' '}
              {alert.lastPaged
                ? a.lastPaged(
                    alert.lastPaged.contact.name ?? a.detail.unknownNumber,
                    a.channels[alert.lastPaged.channel],
                    formatTime(alert.lastPaged.at),
                  )
                : a.notPagedYet}
            </span>
            <AcknowledgeButton alert={alert} onDone={onDone} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function FieldSection({ visits }: { visits: Json<'/safety'>['inTheField'] }) {
  const { texts, formatTime } = useLanguage();
  const d = texts.dashboard;
  return (
    <Section id="dashboard-field" title={d.field} empty={d.noField} count={visits.length}>
      <ul className="work-list">
        {visits.map((v) => (
          <li key={v.visitId} className={v.late ? 'overdue' : undefined}>
            <span className="what">
              <Link to={`/field-visits/${v.visitId}`}>{d.visit(v.visitCode, v.displayName)}</Link>
            </span>
            <span className="when">
              {v.late && <span className="badge">{d.late}</span>} {d.checkInBy(formatTime(v.checkInBy))}
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function OverdueSection({ overdue, names }: { overdue: Overview['overdueReassessments']; names: Names }) {
  const { texts, formatTime } = useLanguage();
  const [all, setAll] = useState(false);
  const d = texts.dashboard;
  const shown = all ? overdue : overdue.slice(0, FIRST_ROWS);
  return (
    <Section id="dashboard-overdue" title={d.overdue} empty={d.noOverdue} count={overdue.length}>
      <ul className="work-list">
        {shown.map((c) => (
          <li key={c.caseId} className="overdue">
            <span className="what">
              <Link to={`/cases/${c.caseId}`}>{d.overdueCase(c.caseCode)}</Link> · {names.get(c.caseworkerId) ?? d.unknownPerson} ·{' '}
              {texts.myWork.at(texts.riskLevels[c.riskLevel as keyof typeof texts.riskLevels] ?? c.riskLevel)}
            </span>
            <span className="when">{d.wasDue(formatTime(c.dueAt))}</span>
          </li>
        ))}
      </ul>
      {shown.length < overdue.length && (
        <button type="button" onClick={() => setAll(true)}>
          {d.showAll(overdue.length)}
        </button>
      )}
    </Section>
  );
}

export function AheadSection({ ahead, names }: { ahead: Json<'/dashboard/ahead'>['ahead']; names: Names }) {
  const { texts, formatTime } = useLanguage();
  const d = texts.dashboard;
  const now = Date.now();
  return (
    <Section id="dashboard-ahead" title={d.ahead} empty={d.nothingAhead} count={ahead.length}>
      <ul className="work-list">
        {ahead.map((e) => {
          // The window may be open already (no assessment in it yet) or still ahead.
          const notYet = Date.parse(e.assessFrom) <= now ? d.notAssessedSince : d.assessFrom;
          return (
            <li key={`${e.kind}-${e.caseId}-${e.at}`} className={e.prepared ? undefined : 'unprepared'}>
              <span className="what">
                <Link to={`/cases/${e.caseId}`}>{e.kind === 'hearing' ? d.hearing(e.caseCode) : d.release(e.caseCode)}</Link> ·{' '}
                {names.get(e.caseworkerId) ?? d.unknownPerson}
              </span>
              <span className="when">{formatTime(e.at)}</span>
              <span className={e.prepared ? 'state state-done' : 'state'}>
                {e.prepared ? d.prepared : `${d.unprepared}: ${notYet(formatTime(e.assessFrom))}`}
              </span>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

export function CaseloadSection({ caseload }: { caseload: Overview['caseload'] }) {
  const { texts } = useLanguage();
  const d = texts.dashboard;
  return (
    <Section id="dashboard-caseload" title={d.caseload} empty={d.noCaseload} count={caseload.length}>
      <table className="caseload">
        <thead>
          <tr>
            <th scope="col">{d.caseworker}</th>
            <th scope="col">{d.openCases}</th>
            <th scope="col">{d.overdueCases}</th>
          </tr>
        </thead>
        <tbody>
          {caseload.map((c) => (
            <tr key={c.caseworkerId}>
              <th scope="row">{c.displayName || d.unknownPerson}</th>
              <td>{c.openCases}</td>
              <td className={c.overdue > 0 ? 'overdue' : undefined}>{c.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
