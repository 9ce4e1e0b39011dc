-- Warranties need, per shipped line, the guarantee the product had when it was sold and the serial of each
-- unit. Lines written before this migration get 0 months: their guarantee at the time of sale is unknown,
-- so no warranty is made from them. The serials are written when the order ships (given or generated).
ALTER TABLE order_lines
  ADD COLUMN warranty_months integer NOT NULL DEFAULT 0 CHECK (warranty_months BETWEEN 0 AND 120),
  ADD COLUMN serials text[] NOT NULL DEFAULT '{}';
