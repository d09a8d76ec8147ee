/**
 * The demo's wall time from a warm cache (jars downloaded, data directories present) and the stack's
 * total RSS once it is done. Baseline in the same run: `stack:up` alone from a stopped stack, and the
 * stack's idle RSS right after it. Leaves the stack as it found it (running or not).
 * Usage: npm run bench:demo [-- --orders 500]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { say } from '../lib/cli/run-cli.js';
import { REPO_ROOT } from '../lib/repo-root.js';
import { stackServices } from '../stack/services/all-services.js';
import { createStackContext, pidStateOf, stackDown, stackUp } from '../stack/stack-controller.js';
import { readStackStatus } from '../stack/stack-status.js';
import { benchArgument } from './bench-args.js';
import { describeMachine, today } from './machine.js';
import { appendResults } from './results-file.js';

const ORDERS = benchArgument('--orders', '500');
const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;
const quiet = () => undefined;

const wasRunning = stackServices(createStackContext().topology).some(
  (service) => pidStateOf(createStackContext(), service).kind === 'running',
);
await stackDown(createStackContext(), { purge: false }, quiet);

const upStarted = performance.now();
await stackUp(createStackContext(), quiet);
const upMs = performance.now() - upStarted;
const idle = await readStackStatus(createStackContext());
say(`baseline: stack:up alone ${(upMs / 1000).toFixed(1)} s; idle RSS ${mib(idle.totalRssBytes)}`);
await stackDown(createStackContext(), { purge: false }, quiet);

const demoStarted = performance.now();
const output: string[] = [];
const code = await new Promise<number>((resolvePromise) => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'admin/demo-cli.ts'), '--orders', ORDERS, '--keep'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.on('exit', (exitCode) => resolvePromise(exitCode ?? 1));
});
const demoMs = performance.now() - demoStarted;
if (code !== 0) {
  process.stderr.write(output.join(''));
  throw new Error(`bench: the demo failed (exit ${code})`);
}
const after = await readStackStatus(createStackContext());
const perService = after.services.map((service) => `${service.service} ${mib(service.rssBytes ?? 0)}`).join(', ');
const freshness = /send → row written[^\n]*/.exec(output.join(''))?.[0] ?? '';
say(`demo (${ORDERS} orders): ${(demoMs / 1000).toFixed(1)} s; stack RSS after it ${mib(after.totalRssBytes)} (${perService})`);
if (!wasRunning) await stackDown(createStackContext(), { purge: false }, quiet);

appendResults(`## Demo wall time and stack RSS (npm run bench:demo) — ${today()}

Machine: ${describeMachine()}. Warm cache (jars downloaded, data directories kept), stack stopped before each timing.
**npm run demo -- --orders ${ORDERS}: ${(demoMs / 1000).toFixed(1)} s** wall time, stack up included; baseline \`stack:up\` alone ${(upMs / 1000).toFixed(1)} s (ratio ${(demoMs / upMs).toFixed(1)}×).
Stack RSS after the demo: **${mib(after.totalRssBytes)}** (${perService}); idle right after \`stack:up\`: ${mib(idle.totalRssBytes)}.
Demo's own freshness line: ${freshness || '(not printed)'}.`);
