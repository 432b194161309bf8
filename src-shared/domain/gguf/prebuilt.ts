// Which of node-llama-cpp's prebuilt-binary packages (`@node-llama-cpp/<os>-<arch>[-<gpu>]`) can
// run on a platform. Without one (and without a local build) the GGUF runtime is unavailable:
// the Island never compiles llama.cpp on an owner's machine.
const OS_NAMES: Record<string, string> = { linux: 'linux', darwin: 'mac', win32: 'win' };

export function prebuiltPackagesFor(platform: string, arch: string, known: readonly string[]): string[] {
  const os = OS_NAMES[platform];
  if (!os) return [];
  const prefix = `@node-llama-cpp/${os}-${arch}`;
  return known.filter((name) => name === prefix || name.startsWith(`${prefix}-`));
}
