/** The organisation's settings for admins (/app/organisation/...): one page per subject, reached from its own menu. */
import { NavLink, Outlet } from 'react-router';
import { useTexts } from '../../texts/language';
import './organisation.css';

const SECTIONS = [
  ['users', (t) => t.users.title],
  ['contacts', (t) => t.contacts.title],
  ['chain', (t) => t.chain.title],
  ['procedures', (t) => t.procedures.title],
  ['policy', (t) => t.policy.title],
  ['self-assessment', (t) => t.selfAssessment.title],
  ['calendar', (t) => t.calendar.title],
] as const satisfies readonly (readonly [string, (t: ReturnType<typeof useTexts>['organisation']) => string])[];

export function Organisation() {
  const o = useTexts().organisation;
  return (
    <div className="organisation">
      <nav aria-label={o.sections} className="organisation-nav">
        <ul>
          {SECTIONS.map(([path, label]) => (
            <li key={path}>
              <NavLink to={`/organisation/${path}`}>{label(o)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="organisation-page">
        <Outlet />
      </div>
    </div>
  );
}
