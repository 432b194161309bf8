// The catalog lists dozens of Cargos: the owner narrows the table by name or slug.
import type { CargoPriceView } from '../../../../src-shared/api/views';

export function matchesCargo(cargo: CargoPriceView, query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || cargo.name.toLowerCase().includes(q) || cargo.slug.toLowerCase().includes(q);
}
