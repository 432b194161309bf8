// Trust levels and the Island's sandbox tiers (product.md §5.2: DOCS marketplace/trust-levels and
// the ISL sandbox tiers). The Island verifies cosign signatures from level 2 up.

import type { TrustLevel, TrustLevelInfo } from './types';

export const TRUST_LEVELS: readonly TrustLevelInfo[] = [
  {
    level: 0, name: 'Sandbox', badge: 'grey', meaning: 'new/unverified; Individual-tier publishers',
    limits: '256 MB RAM, 1 CPU, 60 s, no network, no GPU', sandboxTier: 'restricted', seccomp: 'Minimal (~10 syscalls)',
  },
  {
    level: 1, name: 'Community', badge: 'blue', meaning: 'passed scans, no critical/high vulns, 100+ jobs, publisher ≥ Verified',
    limits: '1 GB, 2 CPU, 5 min, no network, no GPU', sandboxTier: 'standard', seccomp: 'Default (~140 syscalls)',
  },
  {
    level: 2, name: 'Verified', badge: 'green', meaning: 'platform-reviewed and cryptographically signed (needs Organization publisher tier)',
    limits: null, sandboxTier: 'elevated', seccomp: 'GPU or Network profile',
  },
  {
    level: 3, name: 'Official', badge: 'purple', meaning: 'first-party Archipelag.io',
    limits: null, sandboxTier: 'elevated', seccomp: 'GPU or Network',
  },
];

export function trustLevelInfo(level: TrustLevel): TrustLevelInfo {
  const info = TRUST_LEVELS[level];
  if (info === undefined) throw new Error(`no trust level ${level}`);
  return info;
}
