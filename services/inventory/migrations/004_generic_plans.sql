-- The stock functions' statements lock and read by `sku = ANY (array)`. PostgreSQL plans such a
-- statement again on every call (a custom plan for each array), which costs more than running it;
-- one generic plan per connection fits every array here (an index scan on the SKU key).
-- History: CREATE OR REPLACE resets these settings, so the files of ../sql declare them too.
ALTER FUNCTION stock_apply_changes(text[], int[], int[], int[], text, text, uuid, text) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION reserve_stock(uuid, text[], int[], jsonb, int) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION commit_reservation(uuid) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION release_reservation(uuid) SET plan_cache_mode = force_generic_plan;
