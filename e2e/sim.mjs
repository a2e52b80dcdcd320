// Starts the stand-in on a free port for a test and stops it by its PID.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function startSim(args) {
  const bin = process.env.SIM_BIN;
  if (!bin) throw new Error('SIM_BIN is not set (run through make)');
  const child = spawn(bin, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const printed = [];
  // The URL is on the first line, the seeded jobs' IDs follow, and "ready" comes last.
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the stand-in did not start: ${printed.join(' | ')}`)), 60_000);
    lines.on('line', (line) => {
      printed.push(line);
      if (line === 'milvus-import-sim: ready') {
        clearTimeout(timer);
        const match = printed[0].match(/http:\/\/127\.0\.0\.1:\d+/);
        if (match) resolve(match[0]);
        else reject(new Error(`no URL in ${printed[0]}`));
      }
    });
    child.on('exit', (code) => reject(new Error(`the stand-in exited with ${code}`)));
  });
  return { url, printed, stop: () => child.kill('SIGKILL') };
}

export const chromiumArgs = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  // Exact heap figures and an explicit collection for the long-run measurements.
  '--enable-precise-memory-info', '--js-flags=--expose-gc',
];
