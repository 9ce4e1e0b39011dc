-- CSV import of historical orders: each order an import creates gets an `imported` timeline entry
-- (who imported it, from which line) instead of `created`, since no checkout made it here.
ALTER DOMAIN timeline_type DROP CONSTRAINT timeline_type_check;
ALTER DOMAIN timeline_type ADD CONSTRAINT timeline_type_check CHECK (VALUE IN ('created', 'status_changed', 'updated', 'deleted', 'imported'));
