import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrorsOf, useTRPC } from '../trpc.ts';

export function LoginPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
    }),
  );
  const fields = fieldErrorsOf(login.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <main className="login">
      <h1>NMOSD cohort monitor</h1>
      <p className="muted">Sign in with your clinic account.</p>
      <form onSubmit={submit} noValidate>
        <SignInField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={fields.email ?? ''}
        />
        <SignInField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        {login.isError && !fields.email && (
          <p className="error" role="alert">
            {errorMessage(login.error)}
          </p>
        )}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

/** A labelled sign-in input; with `error` given it says whether it is invalid, and why. */
function SignInField({
  label,
  error,
  onChange,
  ...input
}: {
  label: string;
  type: string;
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <label>
      {label}
      <input
        {...input}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error === undefined ? undefined : Boolean(error)}
        required
      />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
