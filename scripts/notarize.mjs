// electron-builder `afterSign` hook: notarizes the signed macOS app with Apple, using
// @electron/notarize (notarytool). Without Apple credentials in the environment it does nothing
// and says so: local and Linux/Windows builds need none, and an unnotarized app still runs after
// the owner approves it in System Settings. Credentials, one of:
//   APPLE_API_KEY (path to the .p8), APPLE_API_KEY_ID, APPLE_API_ISSUER   (recommended, CI)
//   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID
import path from 'node:path';

export default async function notarizeHook(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  if (electronPlatformName !== 'darwin') return;
  const env = process.env;
  let credentials = null;
  if (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) {
    credentials = { appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER };
  } else if (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) {
    credentials = { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID };
  }
  if (!credentials) {
    console.log('notarize: skipped, no Apple credentials in the environment (APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID)');
    return;
  }
  const appPath = path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  const { notarize } = await import('@electron/notarize');
  console.log(`notarize: submitting ${appPath}`);
  await notarize({ appPath, ...credentials });
  console.log('notarize: done');
}
