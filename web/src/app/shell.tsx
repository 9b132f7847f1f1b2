/**
 * The frame of every signed-in screen: a skip link, the menu for the user's role, the language
 * switch, the account link and sign-out, and the screen in <main>, which takes the focus when
 * the screen changes so keyboard and screen-reader users start at its top.
 */
import { useEffect, useRef } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTexts } from '../texts/language';
import { LanguageSwitch } from './language-switch';
import { NAVIGATION } from './navigation';
import { hasRole, useMe, useSignOut } from './session';

export function AppShell() {
  const texts = useTexts();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const main = useRef<HTMLElement>(null);
  useEffect(() => main.current?.focus(), [location.pathname]);

  if (me.isPending) return <p className="loading">{texts.app.loading}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  const user = me.data;
  return (
    <>
      <a className="skip-link" href="#main">
        {texts.app.skip}
      </a>
      <header className="app-header">
        <span className="app-name">{texts.app.name}</span>
        <nav aria-label={texts.app.navigation}>
          <ul>
            {NAVIGATION.filter((entry) => hasRole(user, entry.role)).map((entry) => (
              <li key={entry.to}>
                <NavLink to={entry.to}>{entry.label(texts)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <span className="signed-in-as">{texts.app.signedInAs(user.displayName)}</span>
          <NavLink to="/account/password">{texts.nav.password}</NavLink>
          <button type="button" onClick={() => void signOut().then(() => navigate('/sign-in'))}>
            {texts.app.signOut}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** `/`: the first screen of the menu the user may open. */
export function Home() {
  const me = useMe();
  const first = NAVIGATION.find((entry) => me.data && hasRole(me.data, entry.role));
  return <Navigate to={first?.to ?? '/account/password'} replace />;
}

export function NotFound() {
  return <h1>{useTexts().app.notFound}</h1>;
}
