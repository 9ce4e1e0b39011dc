import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InAppNotification } from '@storefleet/contracts';
import { ErrorNote, Loading, notificationsKey, storefront, useNotifications, useSession } from '@storefleet/storefront-common';
import { AccountNav, SignInFirst } from './account-nav.js';

/** The signed-in customer's in-app notifications (their orders' news), newest first; read ones dimmed. */
export function NotificationsPage() {
  const session = useSession();
  const { api } = storefront();
  const queryClient = useQueryClient();
  const list = useNotifications();
  // Both change what the header counts: the shared query is asked again.
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey(session?.user.id) });
  const markRead = useMutation({ mutationFn: (id: string) => api.post<InAppNotification>(`/api/notifications/${id}/read`), onSuccess: refresh });
  const markAll = useMutation({ mutationFn: () => api.post<{ marked: number }>('/api/notifications/read-all'), onSuccess: refresh });
  if (!session) return <SignInFirst title="Notifications" next="/account/notifications" />;
  const unread = list.data?.unread ?? 0;
  return (
    <div>
      <div className="section-head">
        <h1>Notifications</h1>
        {unread > 0 && (
          <button type="button" className="button-secondary" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
            Mark all as read
          </button>
        )}
      </div>
      <AccountNav />
      {list.isLoading && <Loading what="Loading your notifications" />}
      <ErrorNote error={list.error ?? markRead.error ?? markAll.error} />
      {list.data && (
        <p role="status">
          {unread === 0 ? 'Nothing unread.' : `${unread} unread`}
        </p>
      )}
      {list.data?.items.length === 0 && <p>No notifications yet: news of your orders shows here.</p>}
      <ul className="notifications">
        {list.data?.items.map((n) => (
          <li key={n.id} className={`card notification${n.read_at ? ' notification-read' : ''}`}>
            <div>
              <strong>{n.title}</strong> <time dateTime={n.created_at}>{new Date(n.created_at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</time>
              <p>{n.body}</p>
              {n.order_id && <Link to={`/account/orders/${n.order_id}`}>See the order</Link>}
            </div>
            {!n.read_at && (
              <button type="button" className="button-secondary" disabled={markRead.isPending} onClick={() => markRead.mutate(n.id)} aria-label={`Mark “${n.title}” as read`}>
                Mark as read
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
