/** The app's entry: the data cache, the language, the router. */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiProblem } from './api/client';
import { router } from './app/routes';
import { ME } from './app/session';
import './app/styles.css';
import { LanguageProvider } from './texts/language';

/** A 401 anywhere means the session ended: the shell then shows the sign-in screen. */
const onError = (error: Error) => {
  if (error instanceof ApiProblem && error.status === 401) queries.setQueryData(ME, null);
};
const queries: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: { queries: { retry: (count, error) => !(error instanceof ApiProblem && error.status > 0) && count < 2 } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <LanguageProvider>
        <RouterProvider router={router} />
      </LanguageProvider>
    </QueryClientProvider>
  </StrictMode>,
);
