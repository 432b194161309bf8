// NATS URL credential parsing, as the Rust Island's `parse_nats_url` does it (§1.2).
// Nothing is percent-decoded: the installer's shared secret is written to config.toml verbatim,
// and decoding it here would change the password the server sees.

export interface ParsedNatsUrl {
  /** The URL with any `user:pass@` removed, for connecting and for display. */
  url: string;
  user: string | null;
  pass: string | null;
}

export function parseNatsUrl(url: string): ParsedNatsUrl {
  const at = url.indexOf('@');
  if (at < 0) return { url, user: null, pass: null };
  const scheme = url.indexOf('://');
  // A `://` after the `@` is not a scheme separator (Rust would panic slicing here).
  const start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
  const userinfo = url.slice(start, at);
  const clean = url.slice(0, start) + url.slice(at + 1);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return { url: clean, user: userinfo, pass: null };
  return { url: clean, user: userinfo.slice(0, colon), pass: userinfo.slice(colon + 1) };
}
