// Starts what the browser test needs: its own redis-server on a free port, and the service jar
// (built by `mvn verify`, copied out of target/ first) against it, on another free port.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function until(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startService() {
  const jar = resolve('target/jobs-service.jar');
  if (!existsSync(jar)) throw new Error(jar + ' is missing: run `mvn -B verify` (or package) first');
  const dir = mkdtempSync(join(tmpdir(), 'jobs-ui-'));
  copyFileSync(jar, join(dir, 'jobs-service.jar'));
  const redisPort = await freePort();
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const redisCli = (...args) => execFileSync('redis-cli', ['-p', String(redisPort), ...args],
    { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  await until('redis-server', () => redisCli('PING') === 'PONG', 10000);
  const httpPort = await freePort();
  const log = openSync(join(dir, 'service.log'), 'w');
  const java = spawn('java', ['-jar', join(dir, 'jobs-service.jar')], {
    cwd: dir,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      REDIS_URL: 'redis://127.0.0.1:' + redisPort,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      JOBS_WORKERS: '2',
      JOBS_WORKER_ID: 'ui-test',
    },
  });
  const base = 'http://127.0.0.1:' + httpPort;
  // Each try gives up after a second: a connection accepted in the instant the server binds gets
  // no socket metric in Vert.x 5.0.7 (NetServerImpl sets its metrics only after the bind), and its
  // first request then fails inside the HTTP metrics and is never answered.
  await until('the service', async () => (await fetch(base + '/', { signal: AbortSignal.timeout(1000) })).ok, 30000);
  return {
    base,
    dir,
    redisCli,
    async stop() {
      java.kill('SIGTERM');
      await new Promise((r) => (java.exitCode !== null ? r() : java.on('exit', r)));
      redis.kill('SIGKILL');
    },
  };
}
