// electron-builder `beforePack` hook: refuses to package for another OS than the one building.
// electron-builder.yml picks onnxruntime-node's native folder with ${platform} (the building
// machine's), and macOS signing and notarization need a Mac anyway; a cross build would ship the
// wrong binaries silently, so it stops here with the command to run instead.
export default async function checkBuildHost(context) {
  const target = context.electronPlatformName;
  if (target !== process.platform) {
    throw new Error(
      `refusing to package for ${target} on ${process.platform}: build each installer on its own OS ` +
        '(README "Release": npm run dist:linux on Linux, dist:mac on macOS, dist:win on Windows)',
    );
  }
}
