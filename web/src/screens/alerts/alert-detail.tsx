/**
 * The incident view of one alert: what raised it, who was paged on which channel and whether it
 * was delivered, who acknowledged it (how, when), the plan's levels, and its resolution; with
 * acknowledge, take over and resolve as the API allows the user. It refreshes itself while open.
 */
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiProblem, must, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { useLanguage } from '../../texts/language';
import { AcknowledgeButton, POLL_MS, ResolveForm } from './alert-actions';

type Detail = Schemas['AlertDetail'];
type Person = Schemas['AlertPerson'];

/** "Police liaison Petrović (police liaison)". */
function usePersonWords(): (person: Person) => string {
  const { texts } = useLanguage();
  const d = texts.alerts.detail;
  return (person) => {
    const name = person.name ?? d.unknownNumber;
    return person.role ? `${name} (${d.roles[person.role] ?? person.role})` : name;
  };
}

export function AlertDetail() {
  const { texts, formatTime } = useLanguage();
  const { alertId = '' } = useParams();
  const detail = useQuery({
    queryKey: ['alerts', alertId],
    queryFn: () => must(api.GET('/alerts/{id}', { params: { path: { id: alertId } } })),
    refetchInterval: POLL_MS,
  });
  const a = texts.alerts;
  if (detail.isPending) return <p className="loading">{texts.app.loading}</p>;
  if (!detail.data) {
    const missing = detail.error instanceof ApiProblem && detail.error.status === 404;
    return <FormMessage text={missing ? texts.app.notFound : texts.app.failed} />;
  }
  const alert = detail.data;
  const isVisit = alert.fieldVisitId !== null;
  return (
    <div className="alert-detail">
      <p>
        <Link to="/alerts">{a.detail.back}</Link>
      </p>
      <h1>{a.detail.title(alert.caseCode, isVisit)}</h1>
      <p>
        <span className={`state state-${alert.state.toLowerCase()}`}>{a.states[alert.state]}</span> {alert.triggerWords} ·{' '}
        {a.raised(formatTime(alert.raisedAt))}
      </p>
      <p>
        {alert.caseId && <Link to={`/cases/${alert.caseId}`}>{a.detail.openCase}</Link>}
        {alert.fieldVisitId && <Link to={`/field-visits/${alert.fieldVisitId}`}>{a.detail.openVisit}</Link>}
      </p>
      <div className="actions">
        <AcknowledgeButton alert={alert} />
      </div>
      <Paged alert={alert} />
      <Outcome alert={alert} />
      <ResolveForm alert={alert} />
      <Plan plan={alert.plan} />
    </div>
  );
}

function Paged({ alert }: { alert: Detail }) {
  const { texts, formatTime } = useLanguage();
  const who = usePersonWords();
  const d = texts.alerts.detail;
  const rows = alert.contacts
    .flatMap((contact) => contact.messages.map((message) => ({ contact, message })))
    .sort((x, y) => Date.parse(x.message.sentAt) - Date.parse(y.message.sentAt));
  return (
    <section aria-labelledby="alert-paged">
      <h2 id="alert-paged">{d.paged}</h2>
      {rows.length === 0 ? (
        <p>{d.noneYet}</p>
      ) : (
        <div className="table-scroll">
          <table className="paged">
            <thead>
              <tr>
                <th scope="col">{d.who}</th>
                <th scope="col">{d.when}</th>
                <th scope="col">{d.channel}</th>
                <th scope="col">{d.level}</th>
                <th scope="col">{d.outcome}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ contact, message }, i) => (
                <tr key={`${contact.id}-${i}`}>
                  <th scope="row">{who(contact)}</th>
                  <td>{formatTime(message.sentAt)}</td>
                  <td>
                    {texts.alerts.channels[message.channel]} ({d.kinds[message.kind] ?? message.kind})
                  </td>
                  <td>{message.level !== null && message.level > 0 ? message.level : '–'}</td>
                  <td className={message.status === 'FAILED' || message.status === 'UNDELIVERED' ? 'overdue' : undefined}>
                    {d.statuses[message.status] ?? message.status}
                    {message.errorCode && ` (${message.errorCode})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Outcome({ alert }: { alert: Detail }) {
  const { texts, formatTime } = useLanguage();
  const who = usePersonWords();
  const d = texts.alerts.detail;
  const { acknowledgement: ack, resolution } = alert;
  return (
    <>
      <section aria-labelledby="alert-acknowledgement">
        <h2 id="alert-acknowledgement">{d.acknowledgement}</h2>
        <p>{ack ? d.acknowledgedBy(who(ack.by), d.via[ack.via] ?? ack.via, formatTime(ack.at)) : d.notAcknowledged}</p>
      </section>
      <section aria-labelledby="alert-resolution">
        <h2 id="alert-resolution">{d.resolution}</h2>
        <p>
          {resolution
            ? d.acknowledgedBy(who(resolution.by), d.via[resolution.via] ?? resolution.via, formatTime(resolution.at))
            : d.notResolved}
        </p>
        {resolution?.note && (
          <p className="note">
            <strong>{d.note}:</strong> {resolution.note}
          </p>
        )}
      </section>
    </>
  );
}

function Plan({ plan }: { plan: Detail['plan'] }) {
  const { texts } = useLanguage();
  const who = usePersonWords();
  const d = texts.alerts.detail;
  return (
    <section aria-labelledby="alert-plan">
      <h2 id="alert-plan">{d.plan}</h2>
      {!plan ? (
        <p>{d.noPlan}</p>
      ) : (
        <>
          <ol className="plan">
            {plan.levels.map((level) => (
              <li key={level.level}>
                {d.levelLine(level.level, level.timeoutSeconds)}: {level.contacts.map(who).join(', ')}
              </li>
            ))}
          </ol>
          {plan.levels.length > 0 && <p>{d.repeats(plan.repeats)}</p>}
          {plan.whenUnacknowledged.length > 0 && (
            <p>
              {d.whenUnacknowledged}: {plan.whenUnacknowledged.map(who).join(', ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
