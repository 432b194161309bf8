// The `failed` texts for a job whose container Docker took away: the engine stopped, crashed or
// restarted under it, or someone stopped the container. The coordinator and the owner read these,
// so they say what happened in words, never as a socket error (that goes to the log).
import type { ContainerPhase } from './container-run';

/** Docker signalled the container (`signal`, e.g. SIGTERM) although the Island did not. */
export function stoppedByDockerError(signal: string): string {
  return (
    `Docker stopped this job's container (${signal}) before it finished: ` +
    'the Docker engine is shutting down or restarting, or someone stopped the container outside the Island'
  );
}

/** The engine stopped answering at `phase` of the job's container. */
export function dockerGoneError(phase: ContainerPhase, endpoint: string): string {
  if (phase === 'run') {
    return `Docker went away while this job's container ran: the Docker engine at ${endpoint} stopped answering (it stopped, crashed or restarted), so the job did not finish`;
  }
  return `Docker went away before this job's container started: no answer from the Docker engine at ${endpoint}`;
}
