import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { UpdateMe, User } from '@storefleet/contracts';
import { ApiError } from '@storefleet/web-client';
import { ErrorNote, Field, phoneForApi, sessionStore, storefront, useSession } from '@storefleet/storefront-common';
import { AccountNav, SignInFirst } from './account-nav.js';

/** The account's names and email, and the phone that SMS about orders go to. */
export function ProfilePage() {
  const session = useSession();
  const { api } = storefront();
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (changes: UpdateMe) => api.patch<User>('/api/users/me', changes),
    onSuccess: (user) => {
      const current = sessionStore.get();
      if (current) sessionStore.set({ ...current, user });
      setSaved(true);
    },
  });
  if (!session) return <SignInFirst title="Your profile" next="/account" />;
  const { user } = session;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    save.mutate({
      first_name: String(form.get('first_name') ?? '').trim(),
      last_name: String(form.get('last_name') ?? '').trim(),
      phone: phoneForApi(String(form.get('phone') ?? '')),
    });
  };
  const fieldError = (field: string) => (save.error instanceof ApiError ? save.error.fieldMessage(field) : undefined);
  return (
    <div>
      <h1>Your profile</h1>
      <AccountNav />
      <form className="form card" onSubmit={submit}>
        <p>
          Signed in as <strong>{user.email}</strong>
        </p>
        <Field label="First name" id="first_name" error={fieldError('first_name')}>
          <input id="first_name" name="first_name" autoComplete="given-name" required defaultValue={user.first_name} />
        </Field>
        <Field label="Last name" id="last_name" error={fieldError('last_name')}>
          <input id="last_name" name="last_name" autoComplete="family-name" required defaultValue={user.last_name} />
        </Field>
        <Field label="Phone (optional)" id="phone" error={fieldError('phone')}>
          <input id="phone" name="phone" type="tel" autoComplete="tel" defaultValue={user.phone ?? ''} placeholder="+44 20 7946 0958" aria-describedby="phone-hint" />
          <span className="hint" id="phone-hint">
            With the country code (+…). We text you when an order ships; leave it empty for no texts.
          </span>
        </Field>
        <ErrorNote error={save.error} />
        {saved && (
          <p className="success" role="status">
            Your profile is saved.
          </p>
        )}
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </form>
    </div>
  );
}
