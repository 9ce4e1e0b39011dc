import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminUpdateUser, Role, User, UserPage } from '@storefleet/contracts';
import { useApi, useSession } from '../session.js';
import { ErrorMessage, Pager, QueryState } from '../components/status.js';
import { when } from '../logic/format.js';
import { ExportButton, ImportButton } from '../components/csv.js';

const LIMIT = 20;
/** The roles (contracts' Role; a type cannot be listed at run time). */
const ROLES: readonly Role[] = ['customer', 'admin'];

export function Users() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = params.get('role') ?? '';
  const page = Number(params.get('page') ?? 1);
  const users = useQuery({
    queryKey: ['users', q, role, page],
    queryFn: () => api.get<UserPage>('/api/users', { q, role, page, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const update = useMutation({
    mutationFn: ({ user, change }: { user: User; change: AdminUpdateUser }) => api.patch<User>(`/api/users/${user.id}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    const text = String(form.get('q') ?? '').trim();
    if (text) next.q = text;
    if (form.get('role')) next.role = String(form.get('role'));
    setParams(next);
  }

  return (
    <section>
      <div className="heading">
        <h1>Users</h1>
        <div className="actions">
          <ExportButton resource="users" query={{ q, role }} />
          <ImportButton resource="users" />
        </div>
      </div>
      <form className="filters" role="search" onSubmit={search}>
        <label>
          Search <input name="q" type="search" defaultValue={q} placeholder="Email or name" />
        </label>
        <label>
          Role
          <select name="role" defaultValue={role}>
            <option value="">Any</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorMessage error={update.error} title="Not changed" />
      <QueryState query={users} what="users">
        {(data) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Email</th>
                    <th className="wide-only">Name</th>
                    <th className="wide-only">Since</th>
                    <th>Role</th>
                    <th>Account</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((user) => {
                    const self = user.id === session?.user.id;
                    return (
                      <tr key={user.id} className={user.active ? undefined : 'inactive'}>
                        <td className="breakable">{user.email}</td>
                        <td className="wide-only">{user.first_name} {user.last_name}</td>
                        <td className="wide-only">{when(user.created_at)}</td>
                        <td>
                          <select
                            aria-label={`Role of ${user.email}`}
                            value={user.role}
                            disabled={self || update.isPending}
                            title={self ? 'You cannot change your own role' : undefined}
                            onChange={(e) => update.mutate({ user, change: { role: e.target.value as Role } })}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>{r}</option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <span className="wide-only">{user.active ? 'active ' : 'deactivated '}</span>
                          <button
                            type="button"
                            className={user.active ? 'link danger' : 'link'}
                            disabled={self || update.isPending}
                            onClick={() => update.mutate({ user, change: { active: !user.active } })}
                            aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.email}`}
                          >
                            {user.active ? 'Deactivate' : 'Reactivate'}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {data.items.length === 0 ? <p className="muted">No user matches.</p> : null}
            </div>
            <Pager page={page} limit={LIMIT} total={data.total} onPage={(next) => setParams({ ...Object.fromEntries(params), page: String(next) })} />
          </>
        )}
      </QueryState>
    </section>
  );
}
