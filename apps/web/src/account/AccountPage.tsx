import { type FormEvent, useState } from 'react';
import { formErrorsOf, useTRPCClient } from '../trpc.ts';

/** The signed-in user's own account: change the password (other sessions end). */
export function AccountPage({ account }: { account: { email: string; displayName: string; role: string } }) {
  const client = useTRPCClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setErrors({ repeat: 'does not match the new password' });
      return;
    }
    try {
      await client.auth.changePassword.mutate({ currentPassword: current, newPassword: next });
      setErrors({});
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
    } catch (error) {
      setErrors(formErrorsOf(error));
    }
  }

  const field = (name: string, label: string, value: string, set: (v: string) => void, autoComplete: string) => (
    <div className="field">
      <label htmlFor={`account-${name}`}>{label}</label>
      <input
        id={`account-${name}`}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => set(event.target.value)}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `account-${name}-error` : undefined}
      />
      {errors[name] && (
        <span id={`account-${name}-error`} className="field-error">
          {errors[name]}
        </span>
      )}
    </div>
  );

  return (
    <section className="narrow-page">
      <h1>Your account</h1>
      <p>
        {account.displayName} · {account.email} · {account.role}
      </p>
      <form onSubmit={submit} noValidate aria-label="Change password" className="stack">
        <h2>Change password</h2>
        {errors.form && (
          <p role="alert" className="error">
            {errors.form}
          </p>
        )}
        {field('currentPassword', 'Current password', current, setCurrent, 'current-password')}
        {field('newPassword', 'New password (12 characters or more)', next, setNext, 'new-password')}
        {field('repeat', 'New password again', repeat, setRepeat, 'new-password')}
        <button type="submit" className="primary">
          Change password
        </button>
        <p role="status" className="saved">
          {done ? 'Password changed. Your other sessions have been signed out.' : ''}
        </p>
      </form>
    </section>
  );
}
