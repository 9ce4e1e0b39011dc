// `npm run backup -- --out FILE`: every service's database in one archive (packages/system/src/backup.ts).
import { parseArgs } from 'node:util';
import { backupDatabases, locateServiceDatabases } from '@storefleet/system';

try {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new Error('name the archive to write: npm run backup -- --out FILE');
  const databases = await locateServiceDatabases({ env: process.env });
  try {
    console.log(`Backing up ${databases.where}`);
    await backupDatabases({ databases: databases.urls, out: values.out, log: (line) => console.log(`  ${line}`) });
  } finally {
    await databases.close();
  }
  console.log(`Backup written to ${values.out}`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
