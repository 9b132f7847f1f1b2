/** Every screen's address (under /app/, api/web-app.ts). A new screen: its route here, its menu entry in navigation.ts. */
import { createBrowserRouter, Navigate } from 'react-router';
import { ChangePassword } from '../screens/account/change-password';
import { MyWork } from '../screens/my-work/my-work';
import { SignIn } from '../screens/sign-in/sign-in';
import { AppShell, Home, NotFound } from './shell';

export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignIn /> },
    // The field visit has no menu: a phone in one hand shows the visit only.
    { path: '/visit', lazy: async () => ({ Component: (await import('../screens/field-visit/field-visit')).FieldVisitPage }) },
    {
      element: <AppShell />,
      children: [
        { index: true, element: <Home /> },
        { path: 'my-work', element: <MyWork /> },
        { path: 'account/password', element: <ChangePassword /> },
        { path: 'cases', lazy: async () => ({ Component: (await import('../screens/cases/cases')).CaseList }) },
        { path: 'cases/:caseId', lazy: async () => ({ Component: (await import('../screens/case/case')).CasePage }) },
        { path: 'dashboard', lazy: async () => ({ Component: (await import('../screens/dashboard/dashboard')).Dashboard }) },
        { path: 'alerts', lazy: async () => ({ Component: (await import('../screens/alerts/alerts')).Alerts }) },
        { path: 'alerts/:alertId', lazy: async () => ({ Component: (await import('../screens/alerts/alert-detail')).AlertDetail }) },
        { path: 'field-visits/:visitId', lazy: async () => ({ Component: (await import('../screens/visit-view/visit-view')).VisitView }) },
        {
          path: 'account/check-in-pins',
          lazy: async () => ({ Component: (await import('../screens/field-visit/check-in-pins')).CheckInPins }),
        },
        {
          path: 'organisation',
          lazy: async () => ({ Component: (await import('../screens/organisation/organisation')).Organisation }),
          children: [
            { index: true, element: <Navigate to="users" replace /> },
            { path: 'users', lazy: async () => ({ Component: (await import('../screens/organisation/users')).Users }) },
            { path: 'contacts', lazy: async () => ({ Component: (await import('../screens/organisation/contacts')).Contacts }) },
            {
              path: 'chain',
              lazy: async () => ({ Component: (await import('../screens/organisation/escalation-chain')).EscalationChain }),
            },
            { path: 'procedures', lazy: async () => ({ Component: (await import('../screens/organisation/procedures')).Procedures }) },
            { path: 'policy', lazy: async () => ({ Component: (await import('../screens/organisation/policy')).Policy }) },
            {
              path: 'self-assessment',
              lazy: async () => ({ Component: (await import('../screens/organisation/self-assessment')).SelfAssessment }),
            },
            { path: 'calendar', lazy: async () => ({ Component: (await import('../screens/organisation/calendar-feed')).CalendarFeed }) },
          ],
        },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/app' },
);
