// Unreadable control messages: malformed cancels and preload recommendations published on the
// Island's real subjects (`host.{id}.cancel`, `host.{id}.preload`) over a real nats-server. Each
// is logged with what was wrong and otherwise ignored; the Island keeps working: the running
// job carries on, a real cancel still cancels it, a real preload still arrives, jobs still run.
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hostSubjects } from '../../src-shared/protocol/subjects';
import { startReferenceCoordinator } from '../harness/coordinator/index';
import type { ReferenceCoordinator } from '../harness/coordinator/types';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { requireBinary } from '../harness/services';
import { FakeRuntime } from '../helpers/fake-runtime';
import { startIsland, type IslandFixture } from '../helpers/island-fixture';
import { waitUntil } from '../helpers/wait-until';

const natsBin = requireBinary('nats-server', { neededBy: 'the control message tests' });

describe.skipIf(!natsBin)('unreadable cancel and preload messages are logged, and the Island keeps working', () => {
  let nats: NatsServerHandle;
  let coord: ReferenceCoordinator;
  let fixture: IslandFixture;
  let runtime: FakeRuntime;
  /** A second client, publishing what no coordinator would. */
  let rogue: NatsConnection;

  const warnings = (msg: string) => fixture.log.filter({ level: 'warn', msg }).map((r) => r.fields.error);

  async function publish(subject: string, payloads: string[]): Promise<void> {
    for (const p of payloads) rogue.publish(subject, p);
    await rogue.flush();
  }

  beforeAll(async () => {
    nats = await startNatsServer();
    coord = await startReferenceCoordinator({ natsUrl: nats.url, minutesPerJobMs: 1 });
    runtime = new FakeRuntime('wasm');
    fixture = await startIsland({ natsUrl: nats.url, runtimes: [runtime] });
    await coord.waitForHeartbeats(fixture.hostId, 1);
    rogue = await connect({ servers: nats.url });
  });
  afterAll(async () => {
    await rogue?.close();
    await fixture?.cleanup();
    await coord?.close();
    await nats?.stop();
  });
  afterEach(async () => {
    // Jobs still run after each case.
    const jobId = await coord.dispatch(fixture.hostId, { runtime_type: 'wasm', input: { tokens: ['still', ' here'] } });
    expect((await coord.waitForJobState(jobId, 'succeeded')).text).toBe('still here');
    coord.assertNoViolations();
  });

  it('a malformed cancel is logged with what was wrong; the job it could not name carries on, and a real cancel still ends it', async () => {
    const jobId = await coord.dispatch(fixture.hostId, { runtime_type: 'wasm', input: { streaming: true, hang: true } });
    await coord.waitForJobState(jobId, 'streaming');
    await publish(hostSubjects(fixture.hostId).cancel, ['{"job_id":', `{"job_id":42}`, '{}', '[]', `{"job":"${jobId}"}`]);
    await waitUntil(() => warnings('ignored an unreadable cancel message').length === 5, 'five unreadable cancels in the log');
    expect(warnings('ignored an unreadable cancel message')).toEqual([
      'invalid CancelJob: not JSON (Unexpected end of JSON input)',
      'invalid CancelJob: field "job_id": expected a string, got integer 42',
      'invalid CancelJob: field "job_id": missing (expected a string)',
      'invalid CancelJob: expected an object, got array',
      'invalid CancelJob: field "job_id": missing (expected a string)',
    ]);
    expect(runtime.aborted).toEqual([]);
    expect(coord.job(jobId)!.state).toBe('streaming');

    await coord.cancel(fixture.hostId, jobId);
    const job = await coord.waitForJobState(jobId, 'terminal');
    expect(job.statuses.map((s) => s.message.state)).toEqual(['started', 'streaming', 'cancelled']);
    expect(runtime.aborted).toEqual([jobId]);
  });

  it('a malformed preload recommendation is logged with what was wrong; a valid one after it is received', async () => {
    await publish(hostSubjects(fixture.hostId).preload, [
      'not json',
      '{"workload_slug":"llm-chat","runtime_type":"llmcpp","model_url":7}',
      '{"runtime_type":"onnx"}',
    ]);
    await waitUntil(() => warnings('ignored an unreadable preload recommendation').length === 3, 'three unreadable preloads in the log');
    expect(warnings('ignored an unreadable preload recommendation')).toEqual([
      `invalid PreloadRecommendation: not JSON (Unexpected token 'o', "not json" is not valid JSON)`,
      'invalid PreloadRecommendation: field "model_url": expected a string or null, got integer 7',
      'invalid PreloadRecommendation: field "workload_slug": missing (expected a string)',
    ]);
    expect(fixture.log.has({ msg: 'preload recommendation received' })).toBe(false);

    await coord.sendPreload(fixture.hostId, { workload_slug: 'llm-chat', runtime_type: 'llmcpp', model_url: 'https://models.test/tiny.gguf' });
    await waitUntil(() => fixture.log.has({ msg: 'preload recommendation received' }), 'the valid preload to arrive');
    expect(fixture.log.find({ msg: 'preload recommendation received' })!.fields).toMatchObject({ workload: 'llm-chat', runtime: 'llmcpp' });
  });
});
