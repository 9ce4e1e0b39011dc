import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminUpdateUser, Role, User } from '@storefleet/contracts';
import { useApi, useSession } from '../session.js';
import { ErrorMessage } from '../components/status.js';
import { ChoiceFilter, ListPage, type Column } from '../components/list-page.js';
import { when } from '../logic/format.js';

/** The roles (contracts' Role; a type cannot be listed at run time). */
const ROLES: readonly Role[] = ['customer', 'admin'];
const FILTERS = ['q', 'role'] as const;

export function Users() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const update = useMutation({
    mutationFn: ({ user, change }: { user: User; change: AdminUpdateUser }) => api.patch<User>(`/api/users/${user.id}`, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
  const columns: Column<User>[] = [
    { header: 'Email', className: 'breakable', cell: (user) => user.email },
    { header: 'Name', className: 'wide-only', cell: (user) => `${user.first_name} ${user.last_name}` },
    { header: 'Since', className: 'wide-only', cell: (user) => when(user.created_at) },
    {
      header: 'Role',
      cell: (user) => {
        const self = user.id === session?.user.id;
        return (
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
        );
      },
    },
    {
      header: 'Account',
      cell: (user) => (
        <>
          <span className="wide-only">{user.active ? 'active ' : 'deactivated '}</span>
          <button
            type="button"
            className={user.active ? 'link danger' : 'link'}
            disabled={user.id === session?.user.id || update.isPending}
            onClick={() => update.mutate({ user, change: { active: !user.active } })}
            aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.email}`}
          >
            {user.active ? 'Deactivate' : 'Reactivate'}
          </button>
        </>
      ),
    },
  ];

  return (
    <ListPage
      title="Users"
      what="users"
      queryKey="users"
      path="/api/users"
      filters={FILTERS}
      query={(f) => ({ q: f.q, role: f.role })}
      submit="Search"
      csv="users"
      fields={(f) => (
        <>
          <label>
            Search <input name="q" type="search" defaultValue={f.q} placeholder="Email or name" />
          </label>
          <ChoiceFilter label="Role" name="role" value={f.role} choices={ROLES} />
        </>
      )}
      notice={<ErrorMessage error={update.error} title="Not changed" />}
      columns={columns}
      rowKey={(user) => user.id}
      rowClassName={(user) => (user.active ? undefined : 'inactive')}
      empty="No user matches."
    />
  );
}
