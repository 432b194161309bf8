// Where the desktop self-update stands, as the tray, notifications and logs show it.
export type UpdateState =
  | { type: 'idle' }
  | { type: 'checking' }
  | { type: 'up-to-date'; checkedAt: number }
  | { type: 'downloading'; version: string; percent: number }
  | { type: 'verifying'; version: string }
  /** Downloaded and both checks passed; installs when no job runs. */
  | { type: 'staged'; version: string; notes: string | null; critical: boolean }
  /** Staged, but jobs run: installs when they end, or at `deadline` regardless. */
  | { type: 'waiting-for-jobs'; version: string; critical: boolean; deadline: number; notes: string | null }
  | { type: 'installing'; version: string }
  /** Downloaded but refused (checksum, signature, a version rolled back before). Never installed. */
  | { type: 'refused'; version: string; reason: string }
  | { type: 'error'; message: string };
