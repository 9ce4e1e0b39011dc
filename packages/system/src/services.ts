import type { EventBus, Db, TokenVerifier, App } from '@storefleet/kit';
import { loadConfig } from '@storefleet/kit';
import { IdentityConfigSchema, createIdentityApp } from '@storefleet/identity';
import { CatalogConfigSchema, createCatalogApp } from '@storefleet/catalog';

export interface ServiceDeps {
  /** The environment this service sees: the process's, plus its own PORT, HOST, DATABASE_URL and upstream URLs. */
  env: Record<string, string | undefined>;
  db: Db;
  bus: EventBus;
  verifier: TokenVerifier;
  logLevel?: string;
}

export interface ServiceEntry {
  name: string;
  defaultPort: number;
  create(deps: ServiceDeps): Promise<App>;
}

/** Every back-office service, in start order; the gateway is started after them. */
export const SERVICES: ServiceEntry[] = [
  {
    name: 'identity',
    defaultPort: 4001,
    create: ({ env, db, bus, logLevel }) => createIdentityApp({ config: loadConfig(IdentityConfigSchema, env), db, bus, logLevel }),
  },
  {
    name: 'catalog',
    defaultPort: 4002,
    create: ({ env, db, bus, verifier, logLevel }) => createCatalogApp({ config: loadConfig(CatalogConfigSchema, env), db, bus, verifier, logLevel }),
  },
];
