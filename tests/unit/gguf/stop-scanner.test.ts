// Stop strings matched on the streamed text, across pieces, with nothing of the stop string sent.
import { describe, expect, it } from 'vitest';
import { StopScanner } from '../../../src-shared/domain/gguf/stop-scanner';

function scan(stops: string[], pieces: string[]) {
  const s = new StopScanner(stops);
  const sent: string[] = [];
  let stopped = false;
  for (const p of pieces) {
    const r = s.push(p);
    if (r.text) sent.push(r.text);
    if (r.stopped) {
      stopped = true;
      break;
    }
  }
  if (!stopped) {
    const rest = s.flush();
    if (rest) sent.push(rest);
  }
  return { sent, stopped };
}

describe('StopScanner', () => {
  it('passes text straight on when there are no stop strings', () => {
    expect(scan([], ['llama', ' llama'])).toEqual({ sent: ['llama', ' llama'], stopped: false });
  });

  it('finds a stop string that spans pieces and sends only what came before it', () => {
    expect(scan([' ll'], ['llama', ' llama', ' llama'])).toEqual({ sent: ['llama'], stopped: true });
    expect(scan(['a l'], ['lla', 'ma', ' lla'])).toEqual({ sent: ['ll', 'am'], stopped: true });
  });

  it('holds back a possible start of a stop string, then sends it once it is not one', () => {
    const s = new StopScanner(['END']);
    expect(s.push('the E')).toEqual({ text: 'the ', stopped: false });
    expect(s.push('N')).toEqual({ text: '', stopped: false });
    expect(s.push('D')).toEqual({ text: '', stopped: true });
    const t = new StopScanner(['END']);
    expect(t.push('the EN')).toEqual({ text: 'the ', stopped: false });
    expect(t.push('ter')).toEqual({ text: 'ENter', stopped: false });
  });

  it('gives back what it held when the generation ends first', () => {
    expect(scan(['END'], ['fin', 'E'])).toEqual({ sent: ['fin', 'E'], stopped: false });
  });

  it('stops at the earliest of several stop strings', () => {
    expect(scan(['world', '\n\n'], ['hello\n\nworld'])).toEqual({ sent: ['hello'], stopped: true });
  });

  it('sends nothing after it stopped', () => {
    const s = new StopScanner(['x']);
    expect(s.push('axb')).toEqual({ text: 'a', stopped: true });
    expect(s.push('more')).toEqual({ text: '', stopped: true });
    expect(s.flush()).toBe('');
  });
});
