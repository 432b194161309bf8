// What the dashboard benchmark puts into the browser, as plain JavaScript (it runs untranspiled):
//  - PROBE, an init script: long tasks (PerformanceObserver 'longtask'), every key press's input
//    delay and its time to the next frame, every frame gap (requestAnimationFrame), and when the
//    Island's status (the version) first shows; all in `globalThis.__bench`.
//  - the baseline page, served by the same dashboard server: paints one line, opens the API
//    socket with the token, asks status.get once and writes the answer. The least any page that
//    shows the status can do.

export const PROBE = `
(() => {
  const m = { longTasks: [], keys: [], frames: [], statusShownAt: null };
  globalThis.__bench = m;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) m.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (err) { m.longTaskError = String(err); }
  document.addEventListener('keydown', (e) => {
    const at = e.timeStamp;
    const handled = performance.now();
    requestAnimationFrame(() => setTimeout(() => m.keys.push({ at, delay: handled - at, toNextFrame: performance.now() - at }), 0));
  }, true);
  let last = 0;
  const tick = (t) => { if (last) m.frames.push({ at: t, gap: t - last }); last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const seen = new MutationObserver(() => {
    if (m.statusShownAt === null && document.querySelector('[data-testid=version], #status-version')) {
      m.statusShownAt = performance.now();
      seen.disconnect();
    }
  });
  seen.observe(document, { subtree: true, childList: true });
})();
`;

export const BASELINE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Island</title></head>
<body><p>Island</p><p id="status"></p><script src="./bench-baseline.js"></script></body></html>
`;

export const BASELINE_JS = `
const token = new URLSearchParams(location.search).get('token');
const ws = new WebSocket('ws://' + location.host + '/api?token=' + encodeURIComponent(token));
ws.onopen = () => ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'status.get', params: {} }));
ws.onmessage = (e) => {
  const f = JSON.parse(e.data);
  if (f.kind !== 'response' || f.id !== 1) return;
  const v = document.createElement('span');
  v.id = 'status-version';
  v.textContent = 'version ' + f.result.version;
  document.getElementById('status').append(v);
  ws.close();
};
`;
