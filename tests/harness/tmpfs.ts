// A real, small file system for tests that need the disk to fill up: a tmpfs mounted on a fresh
// directory (`mount -t tmpfs -o size=…`). Writes past its size fail with the kernel's own ENOSPC,
// which no fake can prove. Mounting needs root (CAP_SYS_ADMIN): under CI=true a machine that
// cannot mount fails the test; on a developer's machine the test skips, loudly (services.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { errorMessage } from '../../src-shared/errors';
import { findBinary } from './services';

const run = promisify(execFile);
/** statfs(2)'s f_type for tmpfs (linux/magic.h). */
const TMPFS_MAGIC = 0x01021994;

export interface TmpfsMount {
  /** The mount point (a fresh directory under the OS temp dir). */
  readonly dir: string;
  readonly sizeBytes: number;
  /** Bytes an unprivileged writer may still use, as `df` counts them (f_bavail × f_bsize). */
  freeBytes(): Promise<number>;
  /** Unmounts (lazily if something still holds a file open) and removes the directory. Safe to call twice. */
  unmount(): Promise<void>;
}

/**
 * Mounts a tmpfs of `sizeBytes` (rounded up to whole pages by the kernel) on a new directory.
 * Throws, saying why, when it cannot; checks that what is mounted really is a tmpfs.
 */
export async function mountTmpfs(sizeBytes: number, prefix = 'island-tmpfs-'): Promise<TmpfsMount> {
  const mount = findBinary('mount');
  const umount = findBinary('umount');
  if (!mount || !umount) throw new Error('mount/umount not found on PATH or in sbin; install them with: apt-get install mount');
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    await run(mount, ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cannot mount a ${sizeBytes}-byte tmpfs on ${dir} (needs root or CAP_SYS_ADMIN): ${errorMessage(err).trim()}`);
  }
  let mounted = true;
  const handle: TmpfsMount = {
    dir,
    sizeBytes,
    freeBytes: async () => {
      const st = await statfs(dir);
      return st.bavail * st.bsize;
    },
    unmount: async () => {
      if (!mounted) return;
      try {
        await run(umount, [dir]);
      } catch {
        // A child that still has a file open (an inference process) keeps the mount busy: detach
        // it now; the kernel frees it when the last file closes.
        await run(umount, ['-l', dir]);
      }
      mounted = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const st = await statfs(dir).catch(() => null);
  if (st?.type !== TMPFS_MAGIC) {
    await handle.unmount().catch(() => undefined);
    throw new Error(`mounted ${dir}, but it is not a tmpfs (f_type ${st?.type.toString(16) ?? 'unknown'})`);
  }
  return handle;
}

/**
 * Whether this machine can mount a tmpfs, tried for real with a tiny one. Under `CI=true` a "no"
 * throws (a failure, not a skip); elsewhere it warns loudly and returns false, for `describe.skipIf`.
 */
export async function requireTmpfs(neededBy: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  try {
    const probe = await mountTmpfs(64 * 1024, 'island-tmpfs-probe-');
    await probe.unmount();
    return true;
  } catch (err) {
    const message = `cannot mount a tmpfs (needed by ${neededBy}): ${errorMessage(err)}`;
    if (env.CI === 'true') throw new Error(message);
    console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING: ${message}\n!! (under CI=true this is a failure, not a skip)\n${'!'.repeat(78)}\n`);
    return false;
  }
}
