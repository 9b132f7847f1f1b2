/**
 * The field visit on a phone (/app/visit): start one, then one screen with the countdown and three
 * big buttons. It has no menu: a phone in one hand shows the deadline and the actions, nothing else.
 * A check-in with the duress PIN shows exactly what one with the check-in PIN shows: the API
 * answers both alike, and nothing here looks at anything else.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { api, must, type Schemas } from '../../api/client';
import { FormMessage } from '../../app/forms';
import { LanguageSwitch } from '../../app/language-switch';
import { useMe } from '../../app/session';
import { useLanguage, useTexts } from '../../texts/language';
import { StartVisit } from './start-visit';
import { VisitControls } from './visit-controls';
import './visit.css';

export type FieldVisit = Schemas['FieldVisit'];
/** How the visit on screen ended, as its visitor is shown it (the API's answer). */
export type Ending = { kind: 'checked-in' | 'panic'; visit: FieldVisit };

export const MY_VISIT = ['field-visits', 'mine'] as const;
/** After a missed deadline, a check-in is still taken this long (domain/field-visits.ts LATE_CHECK_IN_HOURS). */
const LATE_CHECK_IN_MS = 24 * 3_600_000;

/** The visitor's visit under way: active, or missed and still taking a late check-in. */
function useMyVisit(userId: string | undefined) {
  return useQuery({
    queryKey: MY_VISIT,
    enabled: userId !== undefined,
    refetchInterval: 15_000,
    queryFn: async (): Promise<FieldVisit | null> => {
      const [active, missed] = await Promise.all(
        (['ACTIVE', 'MISSED'] as const).map((state) => must(api.GET('/field-visits', { params: { query: { state } } }))),
      );
      const late = (v: FieldVisit) => v.endedAt !== null && Date.parse(v.endedAt) + LATE_CHECK_IN_MS > Date.now();
      const mine = [...active.visits, ...missed.visits.filter(late)].filter((v) => v.userId === userId);
      return mine[0] ?? null;
    },
  });
}

export function FieldVisitPage() {
  const texts = useTexts();
  const me = useMe();
  const location = useLocation();
  const visit = useMyVisit(me.data?.id);
  const [ending, setEnding] = useState<Ending>();
  if (me.isPending) return <p className="loading">{texts.app.loading}</p>;
  if (!me.data) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return (
    <VisitFrame step={ending ? ending.kind : visit.data ? 'visit' : 'start'}>
      {ending ? (
        <Ended ending={ending} onAgain={() => setEnding(undefined)} />
      ) : visit.isPending ? (
        <p className="loading">{texts.app.loading}</p>
      ) : visit.isError ? (
        <FormMessage text={texts.app.failed} />
      ) : visit.data ? (
        <VisitControls visit={visit.data} onEnded={setEnding} />
      ) : (
        <StartVisit />
      )}
    </VisitFrame>
  );
}

/** The page without the app's menu; its main region takes the focus when the step changes. */
function VisitFrame({ step, children }: { step: string; children: React.ReactNode }) {
  const main = useRef<HTMLElement>(null);
  useEffect(() => main.current?.focus(), [step]);
  return (
    <main id="main" ref={main} tabIndex={-1} className={`visit visit-step-${step}`}>
      {children}
    </main>
  );
}

/** After the check-in (with either PIN) or the panic: what happened, and a way on. */
function Ended({ ending, onAgain }: { ending: Ending; onAgain: () => void }) {
  const { texts, formatTime } = useLanguage();
  const v = texts.visit;
  const at = formatTime(ending.visit.endedAt ?? new Date().toISOString());
  return (
    <>
      <h1 className={ending.kind === 'panic' ? 'visit-panic-sent' : 'visit-done'}>{ending.kind === 'panic' ? v.panicSent : v.checkedIn}</h1>
      <p className="visit-line" data-varies>
        {ending.kind === 'panic' ? v.panicSentHint : v.endedAt(ending.visit.visitCode, at)}
      </p>
      <div className="visit-actions">
        <button type="button" className="visit-button" onClick={onAgain}>
          {v.another}
        </button>
        <Link className="visit-link" to="/">
          {v.leave}
        </Link>
      </div>
    </>
  );
}

/** The way back to the rest of the app and the language, shown where the visit is not under way. */
export function VisitFooter() {
  const v = useTexts().visit;
  return (
    <footer className="visit-footer">
      <Link to="/account/check-in-pins">{v.setPins}</Link>
      <Link to="/">{v.leave}</Link>
      <LanguageSwitch />
    </footer>
  );
}
