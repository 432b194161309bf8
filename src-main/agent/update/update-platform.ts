// The `platform` the coordinator's update endpoint expects (island-protocol.md §10.1):
// linux-x86_64, linux-aarch64, darwin-x86_64, darwin-aarch64, windows-x86_64, else `<os>-<arch>`.
const OS: Record<string, string> = { win32: 'windows' };
const ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

export function updatePlatform(platform: string, arch: string): string {
  return `${OS[platform] ?? platform}-${ARCH[arch] ?? arch}`;
}
