/** Who is signed in (GET /me over the session cookie), signing out, and what each role may open. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, must, type Role, type User } from '../api/client';

export const ME = ['me'] as const;

/** The signed-in user; null when nobody is (the API answered 401). */
export function useMe() {
  return useQuery({
    queryKey: ME,
    queryFn: async (): Promise<User | null> => {
      try {
        return await must(api.GET('/me'));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

/** Ends the session on the API (which clears the cookie) and forgets everything the app held. */
export function useSignOut(): () => Promise<void> {
  const queries = useQueryClient();
  return async () => {
    await must(api.POST('/auth/logout')).catch(() => undefined);
    queries.clear();
    queries.setQueryData(ME, null);
  };
}

/** As the API ranks roles: an admin may what a coordinator may, a coordinator what a caseworker may. */
const RANK: Record<Role, number> = { NATIONAL_OFFICE: 0, CASEWORKER: 1, COORDINATOR: 2, ADMIN: 3 };

export function hasRole(user: Pick<User, 'role'>, role: Role): boolean {
  if (role === 'NATIONAL_OFFICE') return user.role === 'NATIONAL_OFFICE';
  return RANK[user.role] >= RANK[role];
}
