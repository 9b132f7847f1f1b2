/** Opening a case (coordinators and admins): its code, risk level, caseworker, coordinator and designated contacts in alert order. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type FormEvent } from 'react';
import { api, ApiProblem, must, RISK_LEVELS, type RiskLevel } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useMe } from '../../app/session';
import { useTexts } from '../../texts/language';
import { ChoiceField, fromLocalTime } from '../case/form-fields';

const CONTACT_SLOTS = 3;

type Body = {
  caseCode: string;
  riskLevel: RiskLevel;
  caseworkerId: string;
  coordinatorId: string;
  identifiedAt?: string;
  designatedContacts: { contactId: string }[];
};

export function NewCase({ onDone }: { onDone(caseCode?: string): void }) {
  const texts = useTexts();
  const me = useMe();
  const queries = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector('input')?.focus();
  }, []);
  const users = useQuery({ queryKey: ['users'], queryFn: () => must(api.GET('/users', { params: { query: { active: 'true' } } })) });
  const contacts = useQuery({ queryKey: ['contacts'], queryFn: () => must(api.GET('/contacts')) });
  const open = useMutation<unknown, ApiProblem, Body>({
    mutationFn: (body) => must(api.POST('/cases', { body })),
    onSuccess: async (_, body) => {
      await queries.invalidateQueries({ queryKey: ['cases'] });
      onDone(body.caseCode);
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const chosen = [...Array(CONTACT_SLOTS).keys()].map((i) => text(`contact-${i}`)).filter(Boolean);
    open.mutate({
      caseCode: text('caseCode'),
      riskLevel: text('riskLevel') as RiskLevel,
      caseworkerId: text('caseworkerId'),
      coordinatorId: text('coordinatorId'),
      ...(text('identifiedAt') ? { identifiedAt: fromLocalTime(text('identifiedAt')) } : {}),
      designatedContacts: [...new Set(chosen)].map((contactId) => ({ contactId })),
    });
  };
  const c = texts.cases;
  const people = users.data?.users ?? [];
  const person = (u: { id: string; displayName: string }) => ({ value: u.id, label: u.displayName });
  const coordinators = people.filter((u) => u.role === 'COORDINATOR' || u.role === 'ADMIN');
  const caseworkers = people.filter((u) => u.role !== 'NATIONAL_OFFICE');
  const contactOptions = [{ value: '', label: c.noContact }, ...(contacts.data?.contacts ?? []).map(person)];
  return (
    <form ref={form} className="panel" aria-label={c.openTitle} onSubmit={submit}>
      <h2>{c.openTitle}</h2>
      <FormMessage problem={open.error} />
      <Field name="caseCode" problem={open.error} required autoComplete="off" />
      <ChoiceField
        name="riskLevel"
        label={texts.fields.riskLevel}
        problem={open.error}
        options={RISK_LEVELS.map((r) => ({ value: r, label: texts.riskLevels[r] }))}
        defaultValue="MEDIUM"
      />
      <ChoiceField name="caseworkerId" label={texts.fields.caseworkerId} problem={open.error} options={caseworkers.map(person)} />
      <ChoiceField
        name="coordinatorId"
        label={texts.fields.coordinatorId}
        problem={open.error}
        options={coordinators.map(person)}
        defaultValue={me.data?.id}
      />
      <Field name="identifiedAt" problem={open.error} type="datetime-local" />
      <fieldset>
        <legend>{texts.fields.designatedContacts}</legend>
        <p className="hint">{c.contactsHint}</p>
        {[...Array(CONTACT_SLOTS).keys()].map((i) => (
          <ChoiceField
            key={`${i}-${contactOptions.length}`}
            name={`contact-${i}`}
            label={c.contactAt(i + 1)}
            problem={open.error}
            errorName={`designatedContacts[${i}].contactId`}
            options={contactOptions}
          />
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={open.isPending || users.isPending}>
          {open.isPending ? c.opening : c.openSubmit}
        </button>
        <button type="button" onClick={() => onDone()}>
          {c.cancel}
        </button>
      </div>
    </form>
  );
}
