import { useQuery } from '@tanstack/react-query';
import type { InAppNotificationList } from '@storefleet/contracts';
import { storefront } from './storefront.js';
import { useSession } from './use-cart.js';

/** The query key of the signed-in user's in-app notifications: the header's count and the notifications page share it. */
export const notificationsKey = (userId: string | undefined) => ['notifications', userId];

/**
 * The signed-in user's in-app notifications and unread count (`GET /api/notifications`), asked again
 * every minute and when the window regains focus; nothing for a guest.
 */
export function useNotifications() {
  const session = useSession();
  const { api } = storefront();
  return useQuery({
    queryKey: notificationsKey(session?.user.id),
    queryFn: () => api.get<InAppNotificationList>('/api/notifications'),
    // Always asked again when a page showing them opens: news arrives from events, not from this page's own calls.
    staleTime: 0,
    enabled: session !== null,
    refetchInterval: 60_000,
  });
}
