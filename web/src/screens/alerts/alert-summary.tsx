/** One alert in a list: what it is about (a link to its incident view), its trigger in words, its state. */
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { useLanguage } from '../../texts/language';

type Alert = Pick<Schemas['Alert'], 'id' | 'caseCode' | 'fieldVisitId' | 'trigger' | 'state' | 'raisedAt'>;

export function AlertSummary({ alert }: { alert: Alert }) {
  const { texts, formatTime } = useLanguage();
  const a = texts.alerts;
  return (
    <span className="what">
      <Link to={`/alerts/${alert.id}`}>
        <strong>{a.about(alert.caseCode, alert.fieldVisitId !== null)}</strong>: {a.triggers[alert.trigger] ?? alert.trigger}
      </Link>{' '}
      <span className={`state state-${alert.state.toLowerCase()}`}>{a.states[alert.state]}</span> ·{' '}
      <span className="hint">{a.raised(formatTime(alert.raisedAt))}</span>
    </span>
  );
}
