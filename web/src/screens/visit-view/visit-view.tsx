/**
 * One field visit as its coordinators follow it (/app/field-visits/:visitId, opened from the
 * dashboard): its visitor, state and deadline, what it is about (as the API shows it to the
 * reader), and its alerts. The visitor's own screen is the field visit screen (/app/visit).
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiProblem, must } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useLanguage } from '../../texts/language';
import { POLL_MS } from '../alerts/alert-actions';
import { AlertSummary } from '../alerts/alert-summary';

const MINUTE = 60_000;

export function VisitView() {
  const { texts, formatTime } = useLanguage();
  const { visitId = '' } = useParams();
  const poll = { refetchInterval: POLL_MS } as const;
  const visit = useQuery({
    queryKey: ['field-visits', visitId],
    queryFn: () => must(api.GET('/field-visits/{visitId}', { params: { path: { visitId } } })),
    ...poll,
  });
  const alerts = useQuery({ queryKey: ['alerts', 'all'], queryFn: () => must(api.GET('/alerts', { params: { query: {} } })), ...poll });
  const people = useQuery({ queryKey: ['safety'], queryFn: () => must(api.GET('/safety')), ...poll });
  const v = texts.dashboard.visitPage;
  if (visit.isPending) return <p className="loading">{texts.app.loading}</p>;
  if (!visit.data) {
    const missing = visit.error instanceof ApiProblem && visit.error.status === 404;
    return <FormMessage text={missing ? texts.app.notFound : texts.app.failed} />;
  }
  const row = visit.data;
  const known = [...(people.data?.inTheField ?? []), ...(people.data?.visitAlarms ?? [])].find((p) => p.visitId === row.id);
  const mine = alerts.data?.alerts.filter((a) => a.fieldVisitId === row.id) ?? [];
  const facts: [string, string | null | undefined][] = [
    [v.visitor, known?.displayName],
    [v.state, row.endedBy ? (v.endedBy[row.endedBy] ?? row.endedBy) : v.states[row.state]],
    [v.started, formatTime(row.startedAt)],
    [v.expectedEnd, formatTime(row.expectedEndAt)],
    [
      v.checkInBy,
      row.state === 'ACTIVE' ? formatTime(new Date(Date.parse(row.expectedEndAt) + row.graceMinutes * MINUTE).toISOString()) : null,
    ],
    [v.ended, row.endedAt && formatTime(row.endedAt)],
    [v.purpose, row.purpose],
    [v.location, row.location],
    [v.withWhom, row.withWhom],
  ];
  return (
    <>
      <h1>{v.title(row.visitCode)}</h1>
      <dl className="facts">
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {row.caseId && (
        <p>
          <Link to={`/cases/${row.caseId}`}>{v.openCase}</Link>
        </p>
      )}
      <section aria-labelledby="visit-alerts">
        <h2 id="visit-alerts">{v.alerts}</h2>
        {mine.length === 0 ? (
          <p>{v.noAlerts}</p>
        ) : (
          <ul className="work-list">
            {mine.map((alert) => (
              <li key={alert.id}>
                <AlertSummary alert={alert} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
