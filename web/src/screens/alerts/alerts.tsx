/** The alerts the user may see, newest first, filtered by state; each opens its incident view. */
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, must, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';
import { AcknowledgeButton, POLL_MS } from './alert-actions';
import { AlertSummary } from './alert-summary';

type State = Schemas['Alert']['state'];
const STATES: State[] = ['ALERTING', 'UNACKNOWLEDGED', 'ACKNOWLEDGED', 'RESOLVED'];

export function Alerts() {
  const texts = useTexts();
  const [search, setSearch] = useSearchParams();
  const state = STATES.find((s) => s === search.get('state'));
  const alerts = useQuery({
    queryKey: ['alerts', state ?? 'all'],
    queryFn: () => must(api.GET('/alerts', { params: { query: state ? { state } : {} } })),
    refetchInterval: POLL_MS,
  });
  const a = texts.alerts;
  return (
    <>
      <h1>{a.title}</h1>
      <div className="field alerts-filter">
        <label htmlFor="alert-state">{a.filter}</label>
        <select
          id="alert-state"
          value={state ?? ''}
          onChange={(event) => setSearch(event.target.value ? { state: event.target.value } : {}, { replace: true })}
        >
          <option value="">{a.all}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {a.states[s]}
            </option>
          ))}
        </select>
      </div>
      {alerts.isPending && <p className="loading">{texts.app.loading}</p>}
      {alerts.isError && !alerts.data && <FormMessage text={texts.app.failed} />}
      {alerts.data && alerts.data.alerts.length === 0 && <p>{a.none}</p>}
      {alerts.data && (
        <ul className="work-list">
          {alerts.data.alerts.map((alert) => (
            <li key={alert.id} className={alert.state === 'UNACKNOWLEDGED' || alert.state === 'ALERTING' ? 'urgent' : undefined}>
              <AlertSummary alert={alert} />
              <AcknowledgeButton alert={alert} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
