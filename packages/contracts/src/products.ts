// Products and categories: filled in with services/catalog.
export {};
