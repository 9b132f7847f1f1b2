/** A labelled choice of role (the roles an organisation's admin may give). */
import { useId } from 'react';
import { useTexts } from '../../texts/language';

const ROLES = ['CASEWORKER', 'COORDINATOR', 'ADMIN'] as const;
type Props = { label: string; value: string; name?: string; disabled?: boolean; onChange?: (role: (typeof ROLES)[number]) => void };

export function RoleSelect({ label, value, name, disabled, onChange }: Props) {
  const id = useId();
  const roles = useTexts().organisation.roles;
  return (
    <>
      <label htmlFor={id} className={onChange ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        disabled={disabled}
        {...(onChange ? { value, onChange: (e) => onChange(e.target.value as (typeof ROLES)[number]) } : { defaultValue: value })}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {roles[role]}
          </option>
        ))}
      </select>
    </>
  );
}
