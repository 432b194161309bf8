// The dashboard's Content-Security-Policy. Nothing but our own files: scripts and styles from the
// app's origin only (no inline script, no eval), images also from data: and blob: (the pairing
// QR code), no plugins, no frames, no forms, no <base> games. The desktop dashboard talks to the
// agent over IPC, so it connects to nothing; `connect-src 'self'` only allows our own files.
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
