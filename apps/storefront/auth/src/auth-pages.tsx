import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Register } from '@storefleet/contracts';
import { ApiError } from '@storefleet/web-client';
import { ErrorNote, Field, signIn, storefront } from '@storefleet/storefront-common';

/** Only a path on this site: `?next=https://elsewhere` must not send a shopper who just signed in off-site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** A form's submit with its error and pending state; `run` gets the form's values. */
function useSubmit(run: (values: Record<string, string>) => Promise<void>) {
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v)]));
    setError(undefined);
    setPending(true);
    try {
      await run(values);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  };
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  return { error, pending, onSubmit, fieldError };
}

export function SignInPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const form = useSubmit(async ({ email = '', password = '' }) => {
    await signIn(email, password);
    navigate(safeNext(params.get('next')));
  });
  return (
    <div>
      <h1>Sign in</h1>
      <form className="form card" onSubmit={form.onSubmit}>
        {params.get('reset') && <p className="success">Your password was changed. Sign in with the new one.</p>}
        <Field label="Email" id="email" error={form.fieldError('email')}>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label="Password" id="password" error={form.fieldError('password')}>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        <ErrorNote error={form.error} />
        <button className="button" type="submit" disabled={form.pending}>
          {form.pending ? 'Signing in…' : 'Sign in'}
        </button>
        <p>
          <Link to="/forgot-password">Forgot your password?</Link> · New here? <Link to={`/register${params.get('next') ? `?next=${encodeURIComponent(params.get('next')!)}` : ''}`}>Create an account</Link>
        </p>
      </form>
    </div>
  );
}

export function RegisterPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { api } = storefront();
  const form = useSubmit(async (values) => {
    const body: Register = { email: values.email ?? '', password: values.password ?? '', first_name: values.first_name ?? '', last_name: values.last_name ?? '' };
    await api.post('/api/users/register', body);
    await signIn(body.email, body.password);
    navigate(safeNext(params.get('next')));
  });
  return (
    <div>
      <h1>Create an account</h1>
      <form className="form card" onSubmit={form.onSubmit}>
        <Field label="First name" id="first_name" error={form.fieldError('first_name')}>
          <input id="first_name" name="first_name" autoComplete="given-name" required />
        </Field>
        <Field label="Last name" id="last_name" error={form.fieldError('last_name')}>
          <input id="last_name" name="last_name" autoComplete="family-name" required />
        </Field>
        <Field label="Email" id="email" error={form.fieldError('email')}>
          <input id="email" name="email" type="email" autoComplete="email" required />
        </Field>
        <Field label="Password (at least 8 characters)" id="password" error={form.fieldError('password')}>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} />
        </Field>
        <ErrorNote error={form.error} />
        <button className="button" type="submit" disabled={form.pending}>
          {form.pending ? 'Creating your account…' : 'Create account'}
        </button>
        <p>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      </form>
    </div>
  );
}

export function ForgotPasswordPage() {
  const { api } = storefront();
  const [sent, setSent] = useState<string>();
  // The API answers 202 whatever the address, so the page never tells who has an account.
  const form = useSubmit(async ({ email = '' }) => {
    await api.post('/api/users/password/forgot', { email });
    setSent(email);
  });
  return (
    <div>
      <h1>Forgot your password?</h1>
      {sent ? (
        <p className="notice" role="status">
          If {sent} has an account here, a link to choose a new password is on its way. It works once and for a limited time.
        </p>
      ) : (
        <form className="form card" onSubmit={form.onSubmit}>
          <p>Give the email of your account and we send you a link to choose a new password.</p>
          <Field label="Email" id="email" error={form.fieldError('email')}>
            <input id="email" name="email" type="email" autoComplete="email" required />
          </Field>
          <ErrorNote error={form.error} />
          <button className="button" type="submit" disabled={form.pending}>
            Send the link
          </button>
        </form>
      )}
    </div>
  );
}

export function ResetPasswordPage() {
  const { api } = storefront();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useSubmit(async ({ password = '' }) => {
    await api.post('/api/users/password/reset', { token, password });
    navigate('/sign-in?reset=1');
  });
  if (!token)
    return (
      <div>
        <h1>Choose a new password</h1>
        <p className="error-note">This link has no reset token. Open the link from the email again, or <Link to="/forgot-password">ask for a new one</Link>.</p>
      </div>
    );
  return (
    <div>
      <h1>Choose a new password</h1>
      <form className="form card" onSubmit={form.onSubmit}>
        <Field label="New password (at least 8 characters)" id="password" error={form.fieldError('password')}>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} />
        </Field>
        <ErrorNote error={form.error} />
        <button className="button" type="submit" disabled={form.pending}>
          Set the password
        </button>
        <p>
          Link expired? <Link to="/forgot-password">Ask for a new one</Link>
        </p>
      </form>
    </div>
  );
}
