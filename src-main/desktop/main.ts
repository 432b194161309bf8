// Electron main: composition only. Every service is a plain class in this folder with Electron's
// objects passed in; this file creates the Electron objects and wires them. Main stays thin and
// crash-proof: the Island runs in a utility process (AgentSupervisor), so a native addon that
// aborts there never takes the tray down.
import { mkdir, readFile, rename, rm, stat, cp, readdir, copyFile, chmod } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, Notification, powerMonitor, powerSaveBlocker, protocol, safeStorage, shell, Tray, utilityProcess } from 'electron';
import { autoUpdater } from 'electron-updater';
import writeFileAtomic from 'write-file-atomic';
import { ApiClient } from '../../src-shared/api/client';
import { parseLogFilter } from '../../src-shared/log-filter';
import { createLogger, DEFAULT_LOG_FILE_KEEP, DEFAULT_LOG_FILE_MAX_BYTES } from '../agent/log/logger';
import { RELEASE_KEYS } from '../agent/update/release-keys';
import { TRAY_CLIENT } from '../agent/utility/port-messages';
import { realTimers } from './agent/agent-process';
import { AgentRouter } from './agent/agent-router';
import { AgentSupervisor } from './agent/agent-supervisor';
import { StatusTracker } from './agent/status-tracker';
import { QuitController } from './app/quit-controller';
import { IpcBridge } from './ipc/ipc-bridge';
import { IpcGuard } from './ipc/ipc-guard';
import { blobFile } from './secrets/blob-file';
import { CredentialStore } from './secrets/credential-store';
import { SecretKeepingRouter } from './secrets/secret-keeping-router';
import { linuxAutostart } from './system/linux-autostart';
import { electronLoginItems, HIDDEN_ARG, LoginItemService } from './system/login-item';
import { IdleReporter } from './system/idle-reporter';
import { Notifier } from './system/notifications';
import { PowerSaveGuard } from './system/power-save';
import { trayActions } from './tray/tray-actions';
import { desktopPlatform, trayIconFile } from './tray/tray-icons';
import { TrayService } from './tray/tray-service';
import { trayView, type QuitState } from './tray/tray-view';
import { reinstaller, type ReinstallPlatform } from './update/platform-reinstall';
import { RollbackGuard } from './update/rollback-guard';
import { RollbackStore, type UpdateFiles } from './update/rollback-store';
import { UpdateService } from './update/update-service';
import { APP_ORIGIN, APP_SCHEME, createAppHandler } from './window/app-protocol';
import { dashboardWindowOptions } from './window/window-options';
import { WindowManager, type DashboardWindow } from './window/window-manager';

const APP_ID = 'io.archipelag.island';

// Must happen before `ready`: app:// gets a real origin, secure-context status and fetch.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const diskFiles: UpdateFiles = {
  readText: async (file) => {
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  },
  writeText: async (file, text) => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, text, { mode: 0o600 });
  },
  remove: (file) => rm(file, { recursive: true, force: true }),
  copy: async (from, to) => {
    await mkdir(path.dirname(to), { recursive: true });
    await cp(from, to);
  },
  exists: async (file) => (await stat(file).catch(() => null)) !== null,
  list: async (dir) => readdir(dir).catch(() => []),
  rename: (from, to) => rename(from, to),
};

async function main(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const platform = desktopPlatform(process.platform);
  const log = createLogger({
    filter: parseLogFilter(process.env.ISLAND_LOG).filter,
    json: false,
    file: { path: path.join(userData, 'logs', 'desktop.log'), maxBytes: DEFAULT_LOG_FILE_MAX_BYTES, keep: DEFAULT_LOG_FILE_KEEP },
  });
  process.on('uncaughtException', (err) => log.error('uncaught error in the desktop shell', { error: err.stack ?? String(err) }));
  process.on('unhandledRejection', (reason) => log.error('unhandled rejection in the desktop shell', { error: reason instanceof Error ? reason.stack : String(reason) }));

  const appDir = app.getAppPath();
  const resources = app.isPackaged ? process.resourcesPath : path.join(appDir, 'resources');
  const appImage = process.env.APPIMAGE;
  let notifier: Notifier | null = null;

  // --- rollback of an update that does not start (before anything else runs)
  const reinstallPlatform: ReinstallPlatform = appImage
    ? { type: 'appimage', appImage }
    : platform === 'win32'
      ? { type: 'nsis' }
      : { type: 'none', why: platform === 'darwin' ? 'macOS updates cannot be rolled back automatically' : 'this package type cannot be rolled back automatically' };
  const rollback = new RollbackGuard({
    store: new RollbackStore(path.join(userData, 'updates'), diskFiles, log.child('update')),
    running: app.getVersion(),
    selfArtifact: () => appImage ?? null,
    reinstall: reinstaller(reinstallPlatform, {
      spawnDetached: (file, args) => spawn(file, args, { detached: true, stdio: 'ignore' }).unref(),
      replaceFile: async (from, to) => {
        const tmp = `${to}.rollback-${process.pid}`;
        await copyFile(from, tmp);
        await chmod(tmp, 0o755);
        await rename(tmp, to);
      },
      exit: () => app.exit(0),
    }),
    notify: (n) => notifier?.notify(n),
    log: log.child('update'),
  });
  if ((await rollback.onLaunch()).type === 'rolling-back') return;

  // --- the agent
  const credentials = new CredentialStore(safeStorage, blobFile(path.join(userData, 'credentials.bin')));
  const supervisor = new AgentSupervisor({
    fork: (env) =>
      utilityProcess.fork(path.join(appDir, 'dist', 'agent-utility.mjs'), [], {
        serviceName: 'Island agent',
        env: { ...process.env, ...env } as Record<string, string>,
        stdio: 'inherit',
      }),
    env: () => credentials.env(),
    log: log.child('supervisor'),
    timers: realTimers,
  });
  const router = new AgentRouter(supervisor);
  const api = new ApiClient(router.transport(TRAY_CLIENT));
  const status = new StatusTracker(api, supervisor, log.child('status'));
  supervisor.onMessage((m) => {
    if (m.type === 'ready') void rollback.onAgentReady();
  });
  supervisor.onState((s) => {
    if (s.type === 'waiting') void rollback.onAgentCrash();
  });

  // --- the dashboard window
  const rendererDir = path.join(appDir, 'dist', 'renderer');
  protocol.handle(APP_SCHEME, createAppHandler(rendererDir, (file) => readFile(file)));
  const bridge: IpcBridge = new IpcBridge(
    ipcMain,
    new IpcGuard({ appOrigin: APP_ORIGIN, isOurWindow: (id) => bridge.isConnected(id), log: log.child('ipc') }),
    router,
    new SecretKeepingRouter(router, credentials, (client, frame) => router.answer(client, frame), log.child('secrets')),
  );
  bridge.listen();
  const windows = new WindowManager({
    create: (options) => new BrowserWindow(options) as unknown as DashboardWindow,
    options: dashboardWindowOptions({ preloadPath: path.join(__dirname, 'preload.cjs'), iconPath: path.join(resources, 'icon.png') }),
    connect: (contents) => bridge.connect(contents),
    openExternal: (url) => void shell.openExternal(url),
    log: log.child('window'),
  });

  // --- launch at login, notifications, sleep
  const login = new LoginItemService(
    platform === 'linux'
      ? linuxAutostart({
          configHome: process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'),
          id: APP_ID,
          name: 'Island',
          executable: appImage ?? process.execPath,
          files: { exists: diskFiles.exists, write: diskFiles.writeText, remove: diskFiles.remove },
        })
      : electronLoginItems(app),
    log.child('login'),
  );
  await login.load();
  notifier = new Notifier((n) => new Notification({ title: n.title, body: n.body }).show(), Notification.isSupported());
  // The owner's alerts (offline, failing jobs, no jobs for long, disk low) as OS notifications.
  api.on('alert', (e) => notifier?.notify({ title: e.alert.title, body: e.alert.message }));
  // Idle-only mode needs the OS idle time, which only the desktop knows.
  const idle = new IdleReporter({ idleSeconds: () => powerMonitor.getSystemIdleTime(), send: (m) => supervisor.send(m), timers: realTimers });
  supervisor.onMessage((m) => {
    if (m.type === 'ready') idle.start();
  });
  supervisor.onState((s) => {
    if (s.type !== 'running') idle.stop();
  });
  const power = new PowerSaveGuard(powerSaveBlocker);

  // --- quitting
  let tray: TrayService | null = null;
  const quit = new QuitController({
    drain: () => supervisor.drain(),
    activeJobs: () => status.activeJobs,
    onDraining: () => render(),
    beforeExit: () => {
      power.release();
      windows.allowClose();
      tray?.destroy();
    },
    exit: () => app.quit(),
    log: log.child('quit'),
  });
  app.on('before-quit', (event) => quit.onBeforeQuit(event));
  // The window hides to the tray; never quit because no window is open.
  app.on('window-all-closed', () => undefined);

  // --- self-update (only an installed app has a feed)
  const updates = app.isPackaged
    ? new UpdateService({
        updater: Object.assign(autoUpdater, {
          // Nothing downloads or installs behind UpdateService's back (the signature check).
          autoDownload: false,
          autoInstallOnAppQuit: false,
          logger: {
            info: (m?: unknown) => log.child('updater').debug(String(m)),
            warn: (m?: unknown) => log.child('updater').warn(String(m)),
            error: (m?: unknown) => log.child('updater').error(String(m)),
          },
        }),
        keys: RELEASE_KEYS,
        log: log.child('update'),
        timers: realTimers,
        activeJobs: () => status.activeJobs,
        blockedReason: (v) => rollback.blockedReason(v),
        install: async (update) => {
          await rollback.prepareInstall(update);
          await quit.drainOnly();
          quit.release();
          windows.allowClose();
          autoUpdater.quitAndInstall(true, true);
        },
      })
    : null;

  // --- the tray, rendered from state
  const iconDir = path.join(resources, 'tray');
  tray = new TrayService({
    tray: new Tray(trayIconFile(iconDir, platform, 'idle')),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    iconFile: (icon) => trayIconFile(iconDir, platform, icon),
    clickOpensDashboard: platform === 'win32',
    onAction: trayActions({
      api,
      showDashboard: (screen) => windows.show(screen),
      toggleLaunchAtLogin: () => login.toggle(),
      installUpdate: () => updates?.installNow() ?? Promise.resolve(),
      quit: () => quit.quit(),
      rerender: () => render(),
      log: log.child('tray'),
    }),
  });
  function render(): void {
    const quitState: QuitState = quit.state === 'running' ? { type: 'running' } : { type: 'draining', activeJobs: status.activeJobs };
    const update = updates?.state ?? { type: 'idle' };
    tray?.render(trayView({ agent: supervisor.state, status: status.status, quit: quitState, update, launchAtLogin: login.isEnabled, now: Date.now() }));
    notifier?.update({ phase: status.status?.phase ?? null, lastError: status.status?.coordinator.lastError ?? null, agent: supervisor.state, update });
    power.update(status.activeJobs);
  }
  supervisor.onState(render);
  status.onChange(render);
  updates?.onState(render);
  // A restart countdown in the tray ticks while the agent waits.
  setInterval(() => {
    if (supervisor.state.type === 'waiting') render();
  }, 1_000).unref();

  app.on('second-instance', () => windows.show());
  supervisor.start();
  updates?.start();
  render();
  if (!process.argv.includes(HIDDEN_ARG)) windows.show();
  log.info('desktop shell started', { version: app.getVersion(), platform });
}

// One Island per user: a second launch shows the first one's dashboard instead.
if (app.requestSingleInstanceLock()) {
  main().catch((err: unknown) => {
    console.error('the desktop shell failed to start:', err);
    app.exit(1);
  });
} else {
  app.quit();
}
