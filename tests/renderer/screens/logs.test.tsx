import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import LogsScreen from '../../../src-renderer/src/screens/logs/LogsScreen';
import { FakeIslandApi } from '../fake-api';
import { log } from '../fixtures';
import { renderWithApi } from '../render';

afterEach(cleanup);

const ENTRIES = [
  log(1, { level: 'debug', message: 'dialing nats' }),
  log(2, { level: 'info', message: 'registered' }),
  log(3, { level: 'warn', message: 'slow heartbeat', jobId: null }),
  log(4, { level: 'info', message: 'job started', jobId: 'job-aaa' }),
  log(5, { level: 'error', message: 'job failed', jobId: 'job-bbb', fields: { code: 137 } }),
];

function agent() {
  const order = ['trace', 'debug', 'info', 'warn', 'error'];
  return new FakeIslandApi({
    'logs.get': (p) => ENTRIES.filter((e) => order.indexOf(e.level) >= order.indexOf(p.minLevel ?? 'info') && (!p.jobId || e.jobId === p.jobId)),
  });
}

const messages = () => screen.queryAllByTestId('log-entry').map((li) => li.textContent!.replace(/^\S+\s+/, ''));

describe('Logs screen', () => {
  it('shows logs.get at info and above, then live entries', async () => {
    const api = agent();
    renderWithApi(<LogsScreen />, api);
    await waitFor(() => expect(messages()).toHaveLength(4));
    expect(messages()[3]).toBe('ERROR jobs job failed job=job-bbb code=137');
    expect(api.callsOf('logs.get')).toEqual([{ limit: 500, minLevel: 'info' }]);
    act(() => api.emit({ type: 'log', entry: log(6, { level: 'info', message: 'heartbeat sent' }) }));
    await waitFor(() => expect(messages()).toHaveLength(5));
    expect(messages()[4]).toContain('heartbeat sent');
  });

  it('filters by level: the agent is asked again and live entries below the level are hidden', async () => {
    const api = agent();
    renderWithApi(<LogsScreen />, api);
    await waitFor(() => expect(messages()).toHaveLength(4));
    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'warn' } });
    await waitFor(() => expect(messages().map((m) => m.split(' ')[0])).toEqual(['WARN', 'ERROR']));
    expect(api.callsOf('logs.get').at(-1)).toEqual({ limit: 500, minLevel: 'warn' });
    act(() => api.emit({ type: 'log', entry: log(7, { level: 'info', message: 'quiet' }) }));
    act(() => api.emit({ type: 'log', entry: log(8, { level: 'error', message: 'loud' }) }));
    await waitFor(() => expect(messages()).toHaveLength(3));
    expect(messages()[2]).toContain('loud');

    fireEvent.change(screen.getByLabelText('Level'), { target: { value: 'debug' } });
    await waitFor(() => expect(messages()[0]).toContain('dialing nats'));
  });

  it('filters by job id', async () => {
    const api = agent();
    renderWithApi(<LogsScreen />, api);
    await waitFor(() => expect(messages()).toHaveLength(4));
    fireEvent.change(screen.getByLabelText('Job id'), { target: { value: 'job-aaa' } });
    await waitFor(() => expect(messages()).toEqual(['INFO  jobs job started job=job-aaa']));
    await waitFor(() => expect(api.callsOf('logs.get').at(-1)).toEqual({ limit: 500, minLevel: 'info', jobId: 'job-aaa' }));
    act(() => api.emit({ type: 'log', entry: log(9, { message: 'other job', jobId: 'job-ccc' }) }));
    act(() => api.emit({ type: 'log', entry: log(10, { message: 'token 5', jobId: 'job-aaa' }) }));
    await waitFor(() => expect(messages()).toHaveLength(2));
    expect(messages()[1]).toContain('token 5');
  });

  it('follows new entries, and stops scrolling when follow is off', async () => {
    const api = agent();
    renderWithApi(<LogsScreen />, api);
    await waitFor(() => expect(messages()).toHaveLength(4));
    const list = screen.getByTestId('log-list');
    // jsdom does no layout: give the list a scroll height to move to.
    Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 900 });
    act(() => api.emit({ type: 'log', entry: log(11, { message: 'one' }) }));
    await waitFor(() => expect(list.scrollTop).toBe(900));
    fireEvent.click(screen.getByLabelText('Follow new entries'));
    list.scrollTop = 100;
    Object.defineProperty(list, 'scrollHeight', { configurable: true, value: 1200 });
    act(() => api.emit({ type: 'log', entry: log(12, { message: 'two' }) }));
    await waitFor(() => expect(messages()).toHaveLength(6));
    expect(list.scrollTop).toBe(100);
  });
});
