// Inventory's public schemas (stock levels, adjustments, reservations, events) are declared here.
export {};
