import { createContext, useContext } from 'react';

export type Role = 'clinician' | 'researcher' | 'admin';
export interface Account {
  email: string;
  displayName: string;
  role: Role;
}

/** The main navigation's pages. */
export type SectionPath = '/' | '/worklist' | '/care-quality' | '/outcomes' | '/import' | '/accounts' | '/settings';

/** What each role may open (DESIGN.md roles); the server enforces the same rules. */
export const SECTIONS: Record<Role, { path: SectionPath; label: string }[]> = {
  clinician: [
    { path: '/', label: 'Cohort' },
    { path: '/worklist', label: 'Worklist' },
    { path: '/care-quality', label: 'Care quality' },
    { path: '/outcomes', label: 'Outcomes' },
    { path: '/import', label: 'Import' },
  ],
  researcher: [{ path: '/', label: 'Cohort statistics' }],
  admin: [
    { path: '/', label: 'Audit log' },
    { path: '/accounts', label: 'Accounts' },
    { path: '/settings', label: 'Rule settings' },
  ],
};

/** Patient pages are the clinicians'; every role has its own account page. */
export const mayOpen = (role: Role, path: SectionPath | '/patients' | '/account') =>
  path === '/account' ||
  (path === '/patients' ? role === 'clinician' : SECTIONS[role].some((section) => section.path === path));

/** The signed-in account, for the pages under the shell. */
export const AccountContext = createContext<Account | null>(null);

export function useAccount(): Account {
  const account = useContext(AccountContext);
  if (!account) throw new Error('useAccount outside the signed-in shell');
  return account;
}
