import { describe, expect, it } from 'vitest';
import { estimateCargo, listEstimatorGpus, REFERENCE_WORKLOADS, VERSION_RULES } from '../../../src-shared/domain/estimator';
import { bestCargo } from '../../../src-shared/domain/estimator/estimate';

// No GPU of the reference ties two Cargos, so the tie rule is checked on a made-up GPU.
describe('the best single Cargo', () => {
  const rules = VERSION_RULES.phase2;
  const image = REFERENCE_WORKLOADS[3];
  if (image === undefined) throw new Error('reference workloads missing');

  it('keeps the earlier Cargo on a tie (strict ">")', () => {
    // The same Cargo twice under two names earns exactly the same.
    const gpu = { id: 'made-up', name: 'Made-up', tier: 'entry' as const, vramGb: 8, bandwidthGbS: 448, label: 'Made-up (8 GB)' };
    const first = estimateCargo(gpu, { ...image, id: 'llm-7b', name: 'first' }, 8, rules);
    const second = estimateCargo(gpu, { ...image, name: 'second' }, 8, rules);
    expect(bestCargo([first, second]).workload.name).toBe('first');
    expect(bestCargo([second, first]).workload.name).toBe('second');
  });

  it('never mixes Cargos: the best is one of them, unchanged', () => {
    for (const gpu of listEstimatorGpus()) {
      const cargos = REFERENCE_WORKLOADS.map((w) => estimateCargo(gpu, w, 8, rules));
      expect(cargos).toContain(bestCargo(cargos));
    }
  });
});
