/**
 * The menu, by role: each entry shows to its role and those above it (session.ts hasRole). A new
 * screen adds its entry here and its route in routes.tsx. The first entry a user may open is
 * their home page.
 */
import type { Role } from '../api/client';
import type { Texts } from '../texts/en';

export interface NavigationEntry {
  to: string;
  label: (texts: Texts) => string;
  role: Role;
}

export const NAVIGATION: NavigationEntry[] = [
  { to: '/dashboard', label: (t) => t.dashboard.title, role: 'COORDINATOR' },
  { to: '/my-work', label: (t) => t.nav.myWork, role: 'CASEWORKER' },
  { to: '/cases', label: (t) => t.nav.cases, role: 'CASEWORKER' },
  { to: '/alerts', label: (t) => t.alerts.title, role: 'CASEWORKER' },
  { to: '/visit', label: (t) => t.visit.nav, role: 'CASEWORKER' },
  { to: '/organisation', label: (t) => t.organisation.nav, role: 'ADMIN' },
];
