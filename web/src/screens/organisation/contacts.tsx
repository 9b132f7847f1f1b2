/** The people urgent alerts reach (GET/POST/DELETE /contacts): list, add, remove. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, ApiProblem, must } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useTexts } from '../../texts/language';

export const CONTACTS = ['contacts'] as const;
type Contact = { id: string; displayName: string; phone: string | null; email: string | null };
type NewContact = { displayName: string; phone: string | null; email: string | null; language: 'en' | 'sr-Latn' };

/** The organisation's contacts, by name. */
export const useContacts = () => useQuery({ queryKey: CONTACTS, queryFn: () => must(api.GET('/contacts')) });

export function Contacts() {
  const texts = useTexts();
  const c = texts.organisation.contacts;
  const queries = useQueryClient();
  const contacts = useContacts();
  const refresh = () => queries.invalidateQueries({ queryKey: CONTACTS });
  const remove = useMutation<unknown, ApiProblem, Contact>({
    mutationFn: (contact) => must(api.DELETE('/contacts/{contactId}', { params: { path: { contactId: contact.id } } })),
    onSuccess: refresh,
  });
  const create = useMutation<Contact, ApiProblem, NewContact>({
    mutationFn: (body) => must(api.POST('/contacts', { body })),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || null;
    const body = {
      displayName: text('displayName') ?? '',
      phone: text('phone'),
      email: text('email'),
      language: form.get('language') as NewContact['language'],
    };
    create.mutate(body, { onSuccess: () => (event.target as HTMLFormElement).reset() });
  };

  return (
    <>
      <h1>{c.title}</h1>
      <p className="hint">{c.hint}</p>
      <FormMessage problem={remove.error} done={remove.isSuccess ? c.removed(remove.variables.displayName) : undefined} />
      {contacts.data?.contacts.length === 0 && <p>{c.none}</p>}
      <ul className="plain-list">
        {contacts.data?.contacts.map((contact) => (
          <li key={contact.id}>
            <span className="what">
              <strong>{contact.displayName}</strong> {[contact.phone, contact.email].filter(Boolean).join(' · ')}
            </span>
            <button type="button" onClick={() => remove.mutate(contact)}>
              {c.remove}
              <span className="visually-hidden"> ({contact.displayName})</span>
            </button>
          </li>
        ))}
      </ul>
      <h2>{c.add}</h2>
      <form onSubmit={submit} noValidate>
        <FormMessage problem={create.error} done={create.data ? c.created(create.data.displayName) : undefined} />
        <Field name="displayName" required problem={create.error} />
        <Field name="phone" type="tel" autoComplete="off" problem={create.error} />
        <Field name="email" type="email" autoComplete="off" problem={create.error} />
        <div className="field">
          <label htmlFor="field-language">{texts.fields.language}</label>
          <select id="field-language" name="language" defaultValue="sr-Latn">
            <option value="sr-Latn">Srpski</option>
            <option value="en">English</option>
          </select>
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          {c.create}
        </button>
      </form>
    </>
  );
}
