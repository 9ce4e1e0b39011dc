import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Channel, ChannelKey, ChannelList, CreatedChannelKey, DEFAULT_CHANNEL, UpdateChannel } from '@storefleet/contracts';
import { useApi } from '../session.js';
import { Field, fieldError } from '../components/field.js';
import { Confirm } from '../components/confirm.js';
import { SecretOnce } from '../components/secret-once.js';
import { ErrorMessage, QueryState } from '../components/status.js';
import { channelBody, channelFormValues, type ChannelFormValues } from '../logic/channel-form.js';
import { when } from '../logic/format.js';

/** The channel that always exists (contracts' DEFAULT_CHANNEL, checked by its type: a value import would bundle every schema). */
const WEB_CHANNEL: typeof DEFAULT_CHANNEL = 'web';

export function Channels() {
  const api = useApi();
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: ['channels'], queryFn: () => api.get<ChannelList>('/api/channels') });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string>();
  const [newKey, setNewKey] = useState<CreatedChannelKey>();
  const [deleting, setDeleting] = useState<Channel>();
  const [revoking, setRevoking] = useState<ChannelKey>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['channels'] });

  const createKey = useMutation({
    mutationFn: (channel: Channel) => api.post<CreatedChannelKey>(`/api/channels/${channel.id}/keys`),
    onSuccess: (key) => {
      setNewKey(key);
      return refresh();
    },
  });
  const revokeKey = useMutation({
    mutationFn: (key: ChannelKey) => api.delete(`/api/channels/${key.channel_id}/keys/${key.id}`),
    onSuccess: () => {
      setRevoking(undefined);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (channel: Channel) => api.delete(`/api/channels/${channel.id}`),
    onSuccess: () => {
      setDeleting(undefined);
      return refresh();
    },
  });

  return (
    <section>
      <div className="heading">
        <h1>Channels</h1>
        {creating ? null : (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New channel
          </button>
        )}
      </div>
      <p className="muted">Each channel is a storefront: its orders record it, and its publishable keys (sent as X-API-Key) tell the gateway which one a request comes from.</p>
      {creating ? <ChannelForm onDone={() => setCreating(false)} /> : null}
      {newKey ? <SecretOnce label={`New key of ${newKey.channel_id}`} secret={newKey.key} onDone={() => setNewKey(undefined)} /> : null}
      <ErrorMessage error={createKey.error} title="No key made" />
      {deleting ? (
        <Confirm action={`Delete ${deleting.id}`} busy={remove.isPending} error={remove.error} onConfirm={() => remove.mutate(deleting)} onCancel={() => { setDeleting(undefined); remove.reset(); }}>
          Delete the channel <strong>{deleting.name}</strong>? Its keys stop working at once; its orders keep its slug.
        </Confirm>
      ) : null}
      {revoking ? (
        <Confirm action={`Revoke ${revoking.prefix}…`} busy={revokeKey.isPending} error={revokeKey.error} onConfirm={() => revokeKey.mutate(revoking)} onCancel={() => { setRevoking(undefined); revokeKey.reset(); }}>
          Revoke the key <code>{revoking.prefix}…</code> of {revoking.channel_id}? Storefronts using it get 401 from then on.
        </Confirm>
      ) : null}
      <QueryState query={channels} what="channels">
        {(data) => (
          <ul className="cards">
            {data.items.map((channel) => (
              <li key={channel.id} className="card" aria-label={`Channel ${channel.id}`}>
                {editing === channel.id ? (
                  <ChannelForm channel={channel} onDone={() => setEditing(undefined)} />
                ) : (
                  <>
                    <h2>
                      <span className="swatch" style={{ background: channel.theme_color }} aria-hidden="true" /> {channel.name} <code>{channel.id}</code>
                    </h2>
                    <p>
                      {channel.default_currency} · theme {channel.theme_color} · origins: {channel.allowed_origins.length ? channel.allowed_origins.join(', ') : 'none (the CORS_ORIGINS only)'}
                    </p>
                    <div className="actions">
                      <button type="button" onClick={() => setEditing(channel.id)}>Edit</button>
                      <button type="button" className="primary" disabled={createKey.isPending} onClick={() => createKey.mutate(channel)}>
                        New key
                      </button>
                      {channel.id === WEB_CHANNEL ? null : (
                        <button type="button" className="danger" onClick={() => setDeleting(channel)}>Delete</button>
                      )}
                    </div>
                  </>
                )}
                <h3 className="visually-hidden">Keys</h3>
                {channel.keys.length === 0 ? (
                  <p className="muted">No publishable key.</p>
                ) : (
                  <ul className="keys" aria-label={`Keys of ${channel.id}`}>
                    {channel.keys.map((key) => (
                      <li key={key.id}>
                        <code>{key.prefix}…</code> <span className="muted">made {when(key.created_at)}</span>
                        <button type="button" className="link danger" onClick={() => setRevoking(key)} aria-label={`Revoke key ${key.prefix}`}>
                          Revoke
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

/** Creates a channel, or edits one (its slug never changes: orders record it). */
function ChannelForm({ channel, onDone }: { channel?: Channel; onDone: () => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ChannelFormValues>(() => channelFormValues(channel));
  const originsId = useId();
  const save = useMutation({
    mutationFn: () => {
      const body = channelBody(values);
      if (!channel) return api.post<Channel>('/api/channels', body);
      const { id: _id, ...changes } = body;
      return api.patch<Channel>(`/api/channels/${channel.id}`, changes satisfies UpdateChannel);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['channels'] });
      onDone();
    },
  });
  const bind = (name: keyof ChannelFormValues) => ({
    name,
    value: values[name],
    error: save.error,
    onChange: (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value }),
  });
  const originsError = fieldError(save.error, 'allowed_origins');

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form className="editor" onSubmit={submit} noValidate aria-label={channel ? `Edit ${channel.id}` : 'New channel'}>
      <Field label="Slug" {...bind('id')} disabled={Boolean(channel)} hint={channel ? 'A slug never changes.' : 'e.g. outlet: lower-case letters, digits, -'} required />
      <Field label="Name" {...bind('name')} required />
      <Field label="Theme colour" {...bind('theme_color')} hint="#rrggbb" />
      <Field label="Currency" {...bind('default_currency')} hint="ISO 4217, e.g. EUR" />
      <div className={originsError ? 'field invalid wide' : 'field wide'}>
        <label htmlFor={originsId}>Allowed origins</label>
        <textarea
          id={originsId}
          rows={3}
          className="mono"
          value={values.allowed_origins}
          placeholder="https://shop.example.com"
          aria-invalid={originsError ? true : undefined}
          aria-describedby={`${originsId}-note`}
          onChange={(e) => setValues({ ...values, allowed_origins: e.target.value })}
        />
        <span id={`${originsId}-note`} className={originsError ? 'field-error' : 'hint'}>
          {originsError ?? 'One per line: the browser origins this storefront is served from.'}
        </span>
      </div>
      <div className="actions wide">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : channel ? 'Save channel' : 'Create channel'}
        </button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
      <div className="wide">
        <ErrorMessage error={save.error} title="Not saved" />
      </div>
    </form>
  );
}
