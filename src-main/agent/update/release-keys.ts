// The public keys releases are signed with (island-protocol.md §10.2). A new key is added here one
// release before it starts signing, so every installed version can verify the next one; a retired
// key is removed only after every supported version knows its successor.
import type { ReleaseKey } from './ed25519';

export const RELEASE_KEYS: readonly ReleaseKey[] = [
  { id: 'release-2026-03', publicKeyHex: 'a90c6ada9bd073191d6dbd9a8838b1a68514a25f35fc3ff5431904d15b369b6d' },
];
