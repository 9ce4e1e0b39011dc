-- Where SMS go: the phone given at checkout, else the one on the customer's profile.
ALTER TABLE known_orders ADD COLUMN phone text;
ALTER TABLE known_users ADD COLUMN phone text;
