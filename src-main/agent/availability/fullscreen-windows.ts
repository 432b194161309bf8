// Full-screen on Windows: one PowerShell run that asks user32 for the foreground window's rect,
// its monitor's rect and its class, and prints them in the format parsed by
// src-shared/domain/fullscreen/windows-foreground.ts. Add-Type compiles a small C# class on each
// run, which costs real CPU (not measured here: no Windows machine), so the sensor runs it only
// while game mode and pause_on_fullscreen are on, and at most every 10 s.
import { foregroundLook, parseForegroundProbe, unknownLook, type FullscreenLook } from '../../../src-shared/domain/fullscreen/index';
import { isMissingBinary, probeFailure, type RunProbe } from './fullscreen-run';

// MonitorFromWindow flag 2 = MONITOR_DEFAULTTONEAREST; MONITORINFO is cbSize, rcMonitor, rcWork, dwFlags.
export const FOREGROUND_PROBE_SCRIPT = [
  "$ErrorActionPreference='Stop'",
  'Add-Type -TypeDefinition \'using System;using System.Text;using System.Runtime.InteropServices;public static class IslandFg{public struct R{public int L,T,Ri,B;}public struct MI{public int cb;public R M;public R W;public uint F;}[DllImport("user32.dll")]public static extern IntPtr GetForegroundWindow();[DllImport("user32.dll")]public static extern bool GetWindowRect(IntPtr h,out R r);[DllImport("user32.dll")]public static extern IntPtr MonitorFromWindow(IntPtr h,uint f);[DllImport("user32.dll")]public static extern bool GetMonitorInfo(IntPtr m,ref MI i);[DllImport("user32.dll",CharSet=CharSet.Unicode)]public static extern int GetClassName(IntPtr h,StringBuilder s,int n);}\'',
  '$h=[IslandFg]::GetForegroundWindow()',
  "if($h -eq [IntPtr]::Zero){'none';exit}",
  '$r=New-Object IslandFg+R;[void][IslandFg]::GetWindowRect($h,[ref]$r)',
  '$i=New-Object IslandFg+MI;$i.cb=40;[void][IslandFg]::GetMonitorInfo([IslandFg]::MonitorFromWindow($h,2),[ref]$i)',
  '$c=New-Object Text.StringBuilder 256;[void][IslandFg]::GetClassName($h,$c,256)',
  '"fg=$($r.L),$($r.T),$($r.Ri),$($r.B);mon=$($i.M.L),$($i.M.T),$($i.M.Ri),$($i.M.B);class=$c"',
].join(';');

// -EncodedCommand (UTF-16LE base64) so no quote in the script meets Windows' argument quoting.
export const FOREGROUND_PROBE_ARGS: readonly string[] = [
  '-NoProfile',
  '-NonInteractive',
  '-ExecutionPolicy',
  'Bypass',
  '-EncodedCommand',
  Buffer.from(FOREGROUND_PROBE_SCRIPT, 'utf16le').toString('base64'),
];

export async function lookWindows(run: RunProbe, signal: AbortSignal): Promise<FullscreenLook> {
  try {
    return foregroundLook(parseForegroundProbe(await run('powershell.exe', FOREGROUND_PROBE_ARGS, signal)));
  } catch (err) {
    if (isMissingBinary(err)) return unknownLook('powershell.exe was not found, so full-screen apps cannot be told', true);
    return unknownLook(`the foreground-window probe failed: ${probeFailure(err)}`);
  }
}
