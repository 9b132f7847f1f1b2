/**
 * The visit under way: the countdown and three big buttons, each leading to one more step:
 * "I'm safe" asks the PIN, "Extend" how long, "Panic" one more tap (no PIN: in danger, every
 * second counts). The check-in step treats every accepted PIN alike: it shows the API's answer,
 * which is the same for the check-in PIN and the duress PIN.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiProblem, must } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useLanguage, useTexts } from '../../texts/language';
import { Countdown } from './countdown';
import { MY_VISIT, type Ending, type FieldVisit } from './field-visit';

type Step = 'home' | 'pin' | 'extend' | 'panic';
const EXTENSIONS = [15, 30, 60, 120];
/** Each step's heading takes the focus as it appears, so keyboard and screen-reader users start there. */
const focusOnMount = (heading: HTMLHeadingElement | null) => heading?.focus();

/** An action on the visit; the screen moves on with the API's answer. */
function useVisitAction<Body>(call: (body: Body) => Promise<FieldVisit>, then: (visit: FieldVisit) => void) {
  const queries = useQueryClient();
  return useMutation<FieldVisit, ApiProblem, Body>({
    mutationFn: call,
    onSuccess: (visit) => {
      then(visit);
      void queries.invalidateQueries({ queryKey: MY_VISIT });
    },
  });
}

export function VisitControls({ visit, onEnded }: { visit: FieldVisit; onEnded: (ending: Ending) => void }) {
  const { texts, formatTime } = useLanguage();
  const v = texts.visit;
  const [step, setStep] = useState<Step>('home');
  const [extended, setExtended] = useState<string>();
  const path = { params: { path: { visitId: visit.id } } };
  const checkIn = useVisitAction(
    (pin: string) => must(api.POST('/field-visits/{visitId}/check-in', { ...path, body: pin ? { pin } : {} })),
    (answer) => onEnded({ kind: 'checked-in', visit: { ...visit, ...answer } }),
  );
  const extend = useVisitAction(
    (minutes: number) => must(api.POST('/field-visits/{visitId}/extend', { ...path, body: { minutes } })),
    (answer) => {
      setExtended(v.extended(formatTime(answer.expectedEndAt)));
      setStep('home');
    },
  );
  const panic = useVisitAction(
    () => must(api.POST('/field-visits/{visitId}/panic', { ...path, body: {} })),
    (answer) => onEnded({ kind: 'panic', visit: { ...visit, ...answer } }),
  );
  const back = () => {
    [checkIn, extend, panic].forEach((action) => action.reset());
    setStep('home');
  };

  if (step === 'pin') return <PinStep checkIn={checkIn} onBack={back} />;
  if (step === 'extend')
    return (
      <Step title={v.extendTitle} onBack={back} problem={extend.error}>
        {EXTENSIONS.map((minutes) => (
          <button key={minutes} type="button" className="visit-button" disabled={extend.isPending} onClick={() => extend.mutate(minutes)}>
            {v.extendBy[minutes]}
          </button>
        ))}
      </Step>
    );
  if (step === 'panic')
    return (
      <Step title={v.panicTitle} hint={v.panicHint} onBack={back} problem={panic.error}>
        <button type="button" className="visit-button visit-panic" disabled={panic.isPending} onClick={() => panic.mutate(undefined)}>
          {panic.isPending ? v.working : v.panicConfirm}
        </button>
      </Step>
    );
  // Past the deadline the visit cannot be extended: the alert is already out. A panic still raises its own.
  const missed = visit.state === 'MISSED';
  return (
    <>
      <h1 className="visit-code" data-varies ref={focusOnMount} tabIndex={-1}>
        {v.code(visit.visitCode)}
      </h1>
      <Countdown visit={visit} />
      <FormMessage done={extended} />
      <div className="visit-actions">
        <button type="button" className="visit-button visit-safe" onClick={() => setStep('pin')}>
          {v.safe}
        </button>
        {!missed && (
          <button type="button" className="visit-button visit-extend" onClick={() => setStep('extend')}>
            {v.extend}
          </button>
        )}
        <button type="button" className="visit-button visit-panic" onClick={() => setStep('panic')}>
          {v.panic}
        </button>
      </div>
    </>
  );
}

function Step(props: { title: string; hint?: string; onBack: () => void; problem: ApiProblem | null; children: React.ReactNode }) {
  const v = useTexts().visit;
  return (
    <>
      <h1 className="visit-step-title" ref={focusOnMount} tabIndex={-1}>
        {props.title}
      </h1>
      {props.hint && <p className="visit-line">{props.hint}</p>}
      <FormMessage problem={props.problem} />
      <div className="visit-actions">
        {props.children}
        <button type="button" className="visit-button visit-back" onClick={props.onBack}>
          {v.back}
        </button>
      </div>
    </>
  );
}

/** The PIN, then the check-in. A refusal (wrong PIN, lock-out) is the same words for every PIN. */
function PinStep({ checkIn, onBack }: { checkIn: ReturnType<typeof useVisitAction<string>>; onBack: () => void }) {
  const v = useTexts().visit;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    checkIn.mutate(String(new FormData(event.currentTarget).get('pin') ?? ''));
  };
  const locked = checkIn.error?.status === 429;
  return (
    <form onSubmit={submit} noValidate className="visit-pin">
      <h1 className="visit-step-title">{v.pinTitle}</h1>
      <FormMessage problem={locked ? undefined : checkIn.error} text={locked ? v.pinsLocked : undefined} />
      <Field
        name="pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        autoFocus
        problem={locked ? undefined : checkIn.error}
      />
      <div className="visit-actions">
        <button type="submit" className="visit-button visit-safe" disabled={checkIn.isPending}>
          {checkIn.isPending ? v.working : v.checkIn}
        </button>
        <button type="button" className="visit-button visit-back" onClick={onBack}>
          {v.back}
        </button>
      </div>
    </form>
  );
}
