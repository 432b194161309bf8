// Class names from a model's config.json (`id2label`, as Hugging Face exports write it), or
// `LABEL_<n>` as the Rust Island always reports (§8.2).

export type LabelMap = ReadonlyMap<number, string>;

export type LabelsParse = { ok: true; labels: LabelMap | null } | { ok: false; error: string };

/**
 * Reads `id2label` from a parsed config.json. A config without one gives null labels (not an
 * error); a malformed one is an error naming the key, so the owner can see why labels are missing.
 */
export function parseId2Label(config: unknown, file = 'config.json'): LabelsParse {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return { ok: false, error: `${file} is not a JSON object` };
  const raw = (config as Record<string, unknown>)['id2label'];
  if (raw === undefined || raw === null) return { ok: true, labels: null };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: `${file}: id2label must be an object of "<id>": "<label>"` };
  const labels = new Map<number, string>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^\d+$/.test(key)) return { ok: false, error: `${file}: id2label key "${key}" is not a class index` };
    if (typeof value !== 'string') return { ok: false, error: `${file}: id2label["${key}"] must be a string` };
    labels.set(Number(key), value);
  }
  return { ok: true, labels };
}

export function labelFor(labels: LabelMap | null, index: number): string {
  return labels?.get(index) ?? `LABEL_${index}`;
}

/** The class index whose label matches `name` (case-insensitive), e.g. "entailment"; -1 if none. */
export function indexOfLabel(labels: LabelMap | null, name: string): number {
  if (!labels) return -1;
  const want = name.toLowerCase();
  for (const [i, label] of labels) if (label.toLowerCase() === want) return i;
  return -1;
}
