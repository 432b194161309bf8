// The profiles in seccomp/: what each one allows and refuses, checked on the JSON itself (the
// docker tests prove the same from inside running containers).
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findSeccompDir,
  loadSeccompProfiles,
  mergeProfiles,
  profileProblem,
  SECCOMP_PROFILE_NAMES,
  type SeccompProfile,
} from '../../../../src-main/agent/runtimes/container/seccomp-profiles';

const profiles = loadSeccompProfiles();
const allowed = (p: SeccompProfile) => new Set(p.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args?.length).flatMap((r) => r.names));
const conditional = (p: SeccompProfile, name: string) => p.syscalls.filter((r) => r.names.includes(name) && r.args?.length);
const { minimal, default: dflt, network, gpu } = profiles.byName;

const SOCKET_CALLS = ['socket', 'connect', 'bind', 'listen', 'accept', 'accept4'];
// Never allowed by any profile: escapes, kernel attack surface, other processes' memory.
const NEVER = [
  'mount', 'umount2', 'pivot_root', 'chroot', 'ptrace', 'unshare', 'setns', 'bpf', 'perf_event_open', 'keyctl', 'add_key',
  'request_key', 'init_module', 'finit_module', 'delete_module', 'kexec_load', 'kexec_file_load', 'reboot', 'swapon', 'swapoff',
  'userfaultfd', 'io_uring_setup', 'io_uring_enter', 'process_vm_readv', 'process_vm_writev', 'open_by_handle_at',
  'name_to_handle_at', 'personality', 'acct', 'settimeofday', 'clock_settime', 'adjtimex', 'syslog', 'iopl', 'ioperm',
  'quotactl', 'sethostname', 'setdomainname', 'mknod', 'mknodat', 'kcmp', 'lookup_dcookie', 'fanotify_init',
];

describe('seccomp profiles', () => {
  it('loads all four, each an allowlist for x86_64 and aarch64 that can start a container', () => {
    expect(Object.keys(profiles.byName).sort()).toEqual([...SECCOMP_PROFILE_NAMES].sort());
    for (const p of Object.values(profiles.byName)) {
      expect(profileProblem(p)).toBeNull();
      expect(p).toMatchObject({ defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1, architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64'] });
      // The Rust Minimal lacked execve; runc also needs fstatfs after the filter is in place.
      for (const name of ['execve', 'exit_group', 'fstatfs', 'read', 'write']) expect(allowed(p).has(name)).toBe(true);
    }
  });

  it('no profile allows the calls that reach the kernel or other processes', () => {
    for (const [name, p] of Object.entries(profiles.byName)) {
      const names = new Set(p.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW').flatMap((r) => r.names));
      expect(NEVER.filter((n) => names.has(n)), name).toEqual([]);
    }
  });

  it('clone is allowed only without namespace flags, and clone3 answers ENOSYS so libc falls back to clone', () => {
    for (const p of Object.values(profiles.byName)) {
      expect(allowed(p).has('clone')).toBe(false);
      expect(conditional(p, 'clone')).toEqual([
        expect.objectContaining({ action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] }),
      ]);
      expect(p.syscalls.find((r) => r.names.includes('clone3'))).toMatchObject({ action: 'SCMP_ACT_ERRNO', errnoRet: 38 });
    }
  });

  it('minimal: a small set with no sockets and no changes to names in the filesystem', () => {
    const m = allowed(minimal);
    expect(m.size).toBeLessThan(130);
    for (const n of [...SOCKET_CALLS, 'socketpair', 'mkdir', 'mkdirat', 'rmdir', 'unlink', 'unlinkat', 'rename', 'renameat2', 'link', 'symlink', 'chmod', 'fchmodat', 'chown', 'setuid', 'setgid', 'prctl', 'memfd_create']) {
      expect(m.has(n), n).toBe(false);
    }
  });

  it('default: the Rust Default groups (plus what real programs need), still no socket() or connect()', () => {
    const d = allowed(dflt);
    for (const n of minimal.syscalls.flatMap((r) => (r.action === 'SCMP_ACT_ALLOW' && !r.args ? r.names : []))) expect(d.has(n), n).toBe(true);
    for (const n of ['mkdir', 'rename', 'unlink', 'chmod', 'prctl', 'setsid', 'memfd_create', 'sched_setaffinity', 'inotify_init1', 'getrandom', 'capget', 'pread64', 'writev', 'statfs', 'rseq']) {
      expect(d.has(n), n).toBe(true);
    }
    for (const n of SOCKET_CALLS) expect(d.has(n) || conditional(dflt, n).length > 0, n).toBe(false);
    // In-process pairs only (asyncio's self-pipe): nothing outside can be reached without socket().
    expect(d.has('socketpair')).toBe(true);
  });

  it('network: default plus sockets of the Unix, IPv4, IPv6 and netlink families only', () => {
    const n = allowed(network);
    for (const name of allowed(dflt)) expect(n.has(name), name).toBe(true);
    for (const name of ['connect', 'bind', 'listen', 'accept4', 'sendmmsg']) expect(n.has(name), name).toBe(true);
    expect(n.has('socket')).toBe(false);
    expect(conditional(network, 'socket').map((r) => r.args![0]!.value)).toEqual([1, 2, 10, 16]);
  });

  it('gpu: default plus the NUMA and System V shared memory calls CUDA uses, and no sockets', () => {
    const g = allowed(gpu);
    const extra = [...g].filter((n) => !allowed(dflt).has(n)).sort();
    expect(extra).toEqual(['get_mempolicy', 'mbind', 'move_pages', 'set_mempolicy', 'shmat', 'shmctl', 'shmdt', 'shmget']);
    for (const n of SOCKET_CALLS) expect(g.has(n) || conditional(gpu, n).length > 0, n).toBe(false);
  });

  it('merges profiles as a union without repeating names, keeping conditional rules once', () => {
    const merged = mergeProfiles([gpu, network]);
    const names = merged.syscalls.filter((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args).flatMap((r) => r.names);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(names)).toEqual(new Set([...allowed(gpu), ...allowed(network)]));
    expect(conditional(merged, 'socket')).toHaveLength(4);
    expect(conditional(merged, 'clone')).toHaveLength(1);
    expect(JSON.parse(profiles.text(['gpu', 'network']))).toEqual(merged);
    expect(profiles.text(['default'])).toBe(JSON.stringify(dflt));
  });

  it('refuses a profile that would allow by default, or could not start a container, naming the file', () => {
    expect(profileProblem({ ...dflt, defaultAction: 'SCMP_ACT_ALLOW' })).toMatch(/defaultAction must be "SCMP_ACT_ERRNO"/);
    expect(profileProblem({ ...minimal, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] })).toMatch(/must allow "execve"/);
    expect(profileProblem({ ...minimal, syscalls: [{ names: ['Read me'], action: 'SCMP_ACT_ALLOW' }] })).toMatch(/names must be/);
    const dir = mkdtempSync(path.join(tmpdir(), 'seccomp-'));
    for (const n of SECCOMP_PROFILE_NAMES) copyFileSync(path.join(findSeccompDir(), `${n}.json`), path.join(dir, `${n}.json`));
    writeFileSync(path.join(dir, 'gpu.json'), '{ not json');
    expect(() => loadSeccompProfiles(dir)).toThrow(`cannot read seccomp profile ${path.join(dir, 'gpu.json')}`);
    expect(() => loadSeccompProfiles(path.join(dir, 'missing'))).toThrow(/cannot read seccomp profile .*minimal\.json/);
  });

  it('finds seccomp/ from the sources (and from dist/ after bundling)', () => {
    expect(findSeccompDir()).toBe(path.resolve(import.meta.dirname, '..', '..', '..', '..', 'seccomp'));
    expect(findSeccompDir(path.resolve(import.meta.dirname, '..', '..', '..', '..', 'dist'))).toBe(findSeccompDir());
    expect(() => findSeccompDir('/')).toThrow(/seccomp profiles not found/);
  });
});
