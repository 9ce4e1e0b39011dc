-- The web storefront shows its channel's name in its header (npm start writes it into config.json), so the
-- default channel is named like the shop rather than 'Web'; a name an admin chose is left alone.
UPDATE channels SET name = 'Storefleet', updated_at = now() WHERE id = 'web' AND name = 'Web';
