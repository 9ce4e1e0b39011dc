import { useState, type FormEvent } from 'react';
import { Field } from '../components/field.js';
import { ErrorMessage } from '../components/status.js';
import { NotAdminError, useSession } from '../session.js';

export function SignIn() {
  const { signIn } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await signIn(String(form.get('email')), String(form.get('password')));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <h1>Storefleet admin</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <Field label="Email" name="email" type="email" autoComplete="username" required autoFocus error={error} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error instanceof NotAdminError ? (
        <div role="alert" className="error refused">
          <strong>Not an admin.</strong> {error.message}
        </div>
      ) : (
        <ErrorMessage error={error} title="Could not sign in" />
      )}
    </main>
  );
}
