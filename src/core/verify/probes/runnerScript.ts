// The probe client that runs next to the application inside the container (the container has no
// network, so the probes must come from inside it). Plain CommonJS for the image's own Node; it
// reads a plan file, waits for the port, sends each request, checks after each one that the server
// still accepts connections, and prints one marker line with the observations as JSON.

export const RESULT_MARKER = 'RAMPART_PROBE_RESULTS ';

export const RUNNER_SCRIPT = `'use strict';
const http = require('http');
const net = require('net');
const fs = require('fs');
const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const host = plan.host;
const port = plan.port;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function alive() {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(1000);
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
    s.on('timeout', () => { s.destroy(); resolve(false); });
  });
}
function send(r) {
  return new Promise((resolve) => {
    const started = Date.now();
    let settled = false;
    let status;
    let text = '';
    const done = (extra) => { if (!settled) { settled = true; resolve(Object.assign({ id: r.id, status, body: text.slice(0, 4000), durationMs: Date.now() - started }, extra)); } };
    const body = r.repeatBytes ? Buffer.alloc(r.repeatBytes, 65) : (r.body === undefined ? undefined : Buffer.from(r.body));
    const headers = Object.assign({}, r.headers);
    if (body) headers['content-length'] = String(body.length);
    const req = http.request({ host, port, method: r.method, path: r.path, headers, timeout: plan.requestTimeoutMs }, (res) => {
      status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (c) => { if (text.length < 4000) text += c; });
      res.on('end', () => done({}));
      res.on('error', () => done({}));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => done(status === undefined ? { error: String(e.message) } : {}));
    if (body) req.write(body);
    req.end();
  });
}
(async () => {
  const deadline = Date.now() + plan.startupMs;
  let up = false;
  while (Date.now() < deadline) {
    if (await alive()) { up = true; break; }
    await sleep(200);
  }
  const results = [];
  if (up) {
    for (const r of plan.requests) {
      const o = await send(r);
      await sleep(50);
      o.crashed = !(await alive());
      results.push(o);
      if (o.crashed) break;
    }
  }
  process.stdout.write('\\n${RESULT_MARKER}' + JSON.stringify({ up, results }) + '\\n');
})();
`;
