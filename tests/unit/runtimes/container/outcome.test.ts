// §4.5.1 terminal outcomes of a container that ran to its end.
import { describe, expect, it } from 'vitest';
import { noDockerError, OOM_ERROR, outcomeOf } from '../../../../src-main/agent/runtimes/container/index';

describe('outcomeOf', () => {
  it('checks OOM first, then the exit code', () => {
    expect(outcomeOf({ exitCode: 137, oomKilled: true })).toEqual({ outcome: 'failed', error: 'Out of memory: container exceeded memory limit' });
    expect(outcomeOf({ exitCode: 0, oomKilled: true })).toEqual({ outcome: 'failed', error: OOM_ERROR });
    expect(outcomeOf({ exitCode: 137, oomKilled: false })).toEqual({
      outcome: 'failed',
      error: 'Container crash: SIGKILL (killed, possibly by OOM killer or external signal)',
    });
    expect(outcomeOf({ exitCode: 0, oomKilled: false })).toEqual({ outcome: 'succeeded' });
  });

  it('words a missing Docker as the reference does', () => {
    expect(noDockerError('j1')).toBe('Job j1 requires Docker but Docker is not available. Install Docker to run container workloads.');
  });
});
