// Users, sessions and tokens: filled in with services/identity.
export {};
