import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../format.ts';
import { errorMessage, fieldErrorsOf, useTRPC } from '../trpc.ts';

type Role = 'clinician' | 'researcher' | 'admin';

/** Accounts: create (a temporary password is shown once), change role, disable and enable. */
export function AccountsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const accounts = useQuery(trpc.accounts.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.accounts.list.queryKey() });
  const create = useMutation(trpc.accounts.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.accounts.update.mutationOptions({ onSuccess: refresh }));
  const setDisabled = useMutation(trpc.accounts.setDisabled.mutationOptions({ onSuccess: refresh }));
  const [role, setRole] = useState<Role>('clinician');
  const fields = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ email: String(form.get('email')), displayName: String(form.get('displayName')), role });
  };
  const failure = update.error ?? setDisabled.error;
  return (
    <section>
      <h1>Accounts</h1>
      <form className="filters" onSubmit={submit} aria-label="New account">
        <label>
          Email
          <input name="email" type="email" required aria-invalid={Boolean(fields.email)} />
          {fields.email && <span className="field-error">{fields.email}</span>}
        </label>
        <label>
          Name
          <input name="displayName" required aria-invalid={Boolean(fields.displayName)} />
          {fields.displayName && <span className="field-error">{fields.displayName}</span>}
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="clinician">clinician</option>
            <option value="researcher">researcher</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" disabled={create.isPending}>
          Create account
        </button>
      </form>
      {create.data?.temporaryPassword && (
        <p role="status" className="notice">
          Account {create.data.account.email} created. Temporary password (shown only now):{' '}
          <code>{create.data.temporaryPassword}</code>
        </p>
      )}
      {create.isError && !Object.keys(fields).length && <p className="error">{errorMessage(create.error)}</p>}
      {failure && <p className="error">{errorMessage(failure)}</p>}
      {accounts.isPending && <p role="status">Loading accounts…</p>}
      {accounts.isError && <p className="error">{errorMessage(accounts.error)}</p>}
      {accounts.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((account) => (
              <tr key={account.id}>
                <td>{account.email}</td>
                <td>{account.displayName}</td>
                <td>
                  <select
                    aria-label={`Role of ${account.email}`}
                    value={account.role}
                    onChange={(e) => update.mutate({ id: account.id, role: e.target.value as Role })}
                  >
                    <option value="clinician">clinician</option>
                    <option value="researcher">researcher</option>
                    <option value="admin">admin</option>
                  </select>
                </td>
                <td>{account.lastLoginAt ? formatDateTime(account.lastLoginAt) : 'never'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => setDisabled.mutate({ id: account.id, disabled: !account.disabled })}
                  >
                    {account.disabled ? 'Enable' : 'Disable'}
                  </button>{' '}
                  {account.disabled ? 'disabled' : 'active'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
