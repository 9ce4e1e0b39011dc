// `npm run restore -- FILE [--force]`: an archive of `npm run backup` into every service's database (packages/system/src/restore.ts).
import { parseArgs } from 'node:util';
import { locateServiceDatabases, openBackup, restoreDatabases } from '@storefleet/system';

try {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new Error('name one archive to restore: npm run restore -- FILE [--force]');
  const backup = await openBackup(positionals[0]!);
  try {
    const databases = await locateServiceDatabases({ env: process.env, create: true });
    try {
      console.log(`Restoring ${backup.file} (taken ${backup.manifest.created_at}) into ${databases.where}`);
      await restoreDatabases({ backup, databases: databases.urls, force: values.force, log: (line) => console.log(`  ${line}`) });
    } finally {
      await databases.close();
    }
  } finally {
    await backup.close();
  }
  console.log('Restore complete: start Storefleet on these databases.');
} catch (error) {
  console.error(`Restore failed: ${(error as Error).message}`);
  process.exit(1);
}
