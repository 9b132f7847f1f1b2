/** The cases the user may see (a caseworker: their own), soonest deadline first, found by code and stage; each opens its case page. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, ApiProblem, must, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { hasRole, useMe } from '../../app/session';
import { useLanguage } from '../../texts/language';
import { NewCase } from './new-case';
import '../case/case.css';

type Stage = Schemas['Case']['stage'];
export const STAGES: Stage[] = ['IDENTIFIED', 'ASSESSMENT', 'PROTECTION', 'PROCEEDINGS', 'POST_TRIAL', 'CLOSED'];

export function CaseList() {
  const { texts, formatTime } = useLanguage();
  const me = useMe();
  const [code, setCode] = useState('');
  const [stage, setStage] = useState<Stage | ''>('');
  const [opening, setOpening] = useState(false);
  const [opened, setOpened] = useState<string>();
  const prefix = code.trim();
  const cases = useQuery({
    queryKey: ['cases', { prefix, stage }],
    queryFn: () =>
      must(
        api.GET('/cases', {
          params: { query: { limit: 200, ...(prefix ? { caseCodePrefix: prefix } : {}), ...(stage ? { stage } : {}) } },
        }),
      ),
    placeholderData: (previous) => previous,
  });
  const c = texts.cases;
  const problem = cases.error instanceof ApiProblem ? cases.error : null;
  const codeError = problem?.problem.field === 'caseCodePrefix' ? problem.problem.detail : undefined;
  return (
    <>
      <h1>{c.title}</h1>
      <FormMessage done={opened} />
      {me.data && hasRole(me.data, 'COORDINATOR') && !opening && (
        <button type="button" className="primary" onClick={() => setOpening(true)}>
          {c.open}
        </button>
      )}
      {opening && (
        <NewCase
          onDone={(caseCode) => {
            setOpening(false);
            if (caseCode) setOpened(c.opened(caseCode));
          }}
        />
      )}
      <form role="search" className="case-filters" aria-label={c.filters} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-code">{c.codeStarts}</label>
          <input
            id="filter-code"
            type="search"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? 'filter-code-error' : undefined}
          />
          {codeError && (
            <p id="filter-code-error" className="field-error">
              {codeError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="filter-stage">{c.stage}</label>
          <select id="filter-stage" value={stage} onChange={(e) => setStage(e.target.value as Stage | '')}>
            <option value="">{c.anyStage}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {texts.casePage.stages[s]}
              </option>
            ))}
          </select>
        </div>
      </form>
      {cases.isPending && <p className="loading">{texts.app.loading}</p>}
      {cases.isError && !codeError && <FormMessage text={texts.app.failed} />}
      {cases.data && cases.data.cases.length === 0 && <p>{c.none}</p>}
      {cases.data && cases.data.cases.length > 0 && (
        <div className="table-scroll">
          <table className="case-table">
            <thead>
              <tr>
                <th scope="col">{c.code}</th>
                <th scope="col">{c.stage}</th>
                <th scope="col">{c.risk}</th>
                <th scope="col">{c.next}</th>
                <th scope="col">{c.caseworker}</th>
              </tr>
            </thead>
            <tbody>
              {cases.data.cases.map((row) => (
                <tr key={row.id} className={row.overdue ? 'overdue' : undefined}>
                  <th scope="row">
                    <Link to={`/cases/${row.id}`}>{row.caseCode}</Link>
                  </th>
                  <td>{texts.casePage.stages[row.stage]}</td>
                  <td>
                    <span className={`risk-chip risk-${row.riskLevel}`}>{texts.riskLevels[row.riskLevel]}</span>
                  </td>
                  <td>
                    {row.overdue && <span className="badge">{c.overdue}</span>} {row.nextDueAt ? formatTime(row.nextDueAt) : c.closed}
                  </td>
                  <td>{row.caseworkerName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
