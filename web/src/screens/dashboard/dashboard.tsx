/**
 * The coordinator's dashboard: open alerts nobody acknowledged (cases and field visits), staff in
 * the field with their check-in deadlines, overdue reassessments, the hearings and releases of
 * the next 14 days with whether each is prepared, and the caseload per caseworker. It polls the
 * API every few seconds while the tab is visible (react-query pauses a hidden tab's polling and
 * refreshes at once when it shows again), so a change appears within seconds without reloading.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';
import { POLL_MS } from '../alerts/alert-actions';
import { AheadSection, AlertsSection, CaseloadSection, FieldSection, OverdueSection } from './dashboard-sections';

const poll = { refetchInterval: POLL_MS, refetchIntervalInBackground: false } as const;

export function Dashboard() {
  const texts = useTexts();
  const [said, setSaid] = useState<string>();
  const overview = useQuery({ queryKey: ['dashboard'], queryFn: () => must(api.GET('/dashboard')), ...poll });
  const ahead = useQuery({ queryKey: ['dashboard', 'ahead'], queryFn: () => must(api.GET('/dashboard/ahead')), ...poll });
  const safety = useQuery({ queryKey: ['safety'], queryFn: () => must(api.GET('/safety')), ...poll });
  const d = texts.dashboard;

  if (overview.isPending || ahead.isPending || safety.isPending) return <p className="loading">{texts.app.loading}</p>;
  if (!overview.data || !ahead.data || !safety.data) return <FormMessage text={texts.app.failed} />;
  const stale = overview.isError || ahead.isError || safety.isError;
  const names = new Map(overview.data.caseload.map((c) => [c.caseworkerId, c.displayName]));
  return (
    <div className="dashboard">
      <h1>{d.title}</h1>
      <p className="hint">{stale ? <span className="message-error">{d.stale}</span> : d.live}</p>
      <FormMessage done={said} />
      <div className="dashboard-grid">
        <AlertsSection alerts={overview.data.unacknowledgedAlerts} onDone={setSaid} />
        <FieldSection visits={safety.data.inTheField} />
        <OverdueSection overdue={overview.data.overdueReassessments} names={names} />
        <AheadSection ahead={ahead.data.ahead} names={names} />
        <CaseloadSection caseload={overview.data.caseload} />
      </div>
    </div>
  );
}
