-- The channel (storefront) of an order is stamped by the gateway from the request's publishable key
-- (X-Channel; `web` without a key) and recorded at checkout since 001. Admins list a channel's orders,
-- newest first: this index serves that filter without reading every order.
CREATE INDEX orders_channel_created_idx ON orders (channel, created_at DESC, id);
