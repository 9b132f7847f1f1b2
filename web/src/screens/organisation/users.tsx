/** The organisation's users (GET/POST /users, PATCH /users/:id): add one, change a role, deactivate or reactivate. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, ApiProblem, must, type User } from '../../api/client';
import { Field, FormMessage } from '../../app/forms';
import { useMe } from '../../app/session';
import { useTexts } from '../../texts/language';
import { RoleSelect } from './role-select';

const USERS = ['users'] as const;
type NewUser = { email: string; displayName: string; role: 'ADMIN' | 'COORDINATOR' | 'CASEWORKER'; password?: string };
type Change = { user: User; role?: NewUser['role']; active?: boolean };

export function Users() {
  const texts = useTexts();
  const u = texts.organisation.users;
  const me = useMe().data;
  const queries = useQueryClient();
  const users = useQuery({ queryKey: USERS, queryFn: () => must(api.GET('/users', {})) });
  const refresh = () => queries.invalidateQueries({ queryKey: USERS });
  const change = useMutation<User, ApiProblem, Change>({
    mutationFn: ({ user, ...body }) => must(api.PATCH('/users/{userId}', { params: { path: { userId: user.id } }, body })),
    onSuccess: refresh,
  });
  const create = useMutation<{ user: User; initialPassword?: string }, ApiProblem, NewUser>({
    mutationFn: (body) => must(api.POST('/users', { body })),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    const body = {
      email: String(form.get('email')),
      displayName: String(form.get('displayName')),
      role: form.get('role') as NewUser['role'],
    };
    create.mutate(password ? { ...body, password } : body, { onSuccess: () => (event.target as HTMLFormElement).reset() });
  };

  return (
    <>
      <h1>{u.title}</h1>
      <FormMessage problem={change.error} />
      {users.data && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={u.title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{u.name}</th>
                <th scope="col">{u.email}</th>
                <th scope="col">{u.role}</th>
                <th scope="col">{u.status}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.displayName}</th>
                  <td>{user.email}</td>
                  <td>
                    <RoleSelect
                      label={u.roleOf(user.displayName)}
                      value={user.role}
                      disabled={user.id === me?.id}
                      onChange={(role) => change.mutate({ user, role })}
                    />
                  </td>
                  <td>
                    {user.active ? u.active : u.inactive}{' '}
                    {user.id !== me?.id && (
                      <button type="button" onClick={() => change.mutate({ user, active: !user.active })}>
                        {user.active ? u.deactivate : u.reactivate}
                        <span className="visually-hidden"> ({user.displayName})</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{u.add}</h2>
      <form onSubmit={submit} noValidate>
        <FormMessage
          problem={create.error}
          done={
            create.data &&
            [u.created(create.data.user.email), create.data.initialPassword && u.initialPassword(create.data.initialPassword)]
              .filter(Boolean)
              .join(' ')
          }
        />
        <Field name="displayName" required problem={create.error} />
        <Field name="email" type="email" required problem={create.error} />
        <div className="field">
          <RoleSelect label={texts.fields.role} name="role" value="CASEWORKER" />
        </div>
        <Field name="password" type="password" autoComplete="new-password" problem={create.error} aria-describedby="password-hint" />
        <p id="password-hint" className="hint">
          {texts.fields.initialPassword}
        </p>
        <button type="submit" className="primary" disabled={create.isPending}>
          {u.create}
        </button>
      </form>
    </>
  );
}
