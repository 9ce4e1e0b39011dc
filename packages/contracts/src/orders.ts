// Orders' public schemas (carts, checkout, orders, timeline, events) are declared here.
export {};
