-- An optional phone given at checkout (E.164, checked by the API): where SMS about the order go.
ALTER TABLE orders ADD COLUMN phone text;
