import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRequests } from '../../electron/cli/commands';
import { createCore } from '../../electron/core/index';
import type { RequestRow } from '../../electron/core/store/request-entry';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream';

const ROOT = join(import.meta.dirname, '..', '..');

let upstream: FakeUpstream;
let dataDir: string;
let configPath: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  dataDir = mkdtempSync(join(tmpdir(), 'farebox-serve-'));
  configPath = join(dataDir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      providers: [
        { id: 'anthropic', dialect: 'anthropic', baseUrl: upstream.url },
        { id: 'openai', dialect: 'openai', baseUrl: upstream.url },
      ],
    }),
  );
});
afterAll(async () => {
  await upstream.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `farebox serve` in its own process, as a user runs it. */
async function startServe(): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/cli/index.ts',
      'serve',
      '--config',
      configPath,
      '--data-dir',
      dataDir,
      '--port',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Farebox proxy listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited early with ${code}: ${out}`)));
  });
  return { child, url, exited };
}

function readRows(): RequestRow[] {
  const db = new Database(join(dataDir, 'farebox.db'), { readonly: true });
  try {
    return db.prepare<[], RequestRow>('SELECT * FROM requests ORDER BY started_at').all();
  } finally {
    db.close();
  }
}

const messagesRequest = (url: string, behavior = '') =>
  fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-fake-behavior': behavior,
    },
    body: JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 10,
      stream: behavior !== '',
      messages: [{ role: 'user', content: 'x' }],
    }),
  });

async function firstEvent(response: Response) {
  const reader = response.body!.getReader();
  await reader.read();
  return reader;
}

describe('farebox serve as a process', () => {
  it('a response that reached the client survives SIGKILL right after it, counted once', async () => {
    const serve = await startServe();
    const response = await messagesRequest(serve.url);
    const body = (await response.json()) as { id: string };
    expect(body.id).toBeTruthy();
    serve.child.kill('SIGKILL');
    await serve.exited;
    // The row is in SQLite or still in the journal; `export` (and the next start) replays the journal.
    const exported: string[] = [];
    exportRequests({ dataDir }, { out: (line) => exported.push(line), err: () => {} });
    expect(exported).toHaveLength(1);
    expect(JSON.parse(exported[0]!)).toMatchObject({ outcome: 'ok', inputTokens: 12, outputTokens: 57 });

    const core = createCore({ dataDir, configPath, port: 0 });
    await core.start();
    await core.stop();
    expect(readRows()).toHaveLength(1);
    const db = new Database(join(dataDir, 'farebox.db'), { readonly: true });
    expect(db.prepare('SELECT SUM(requests) AS n FROM rollup_hourly').get()).toEqual({ n: 1 });
    db.close();
  });

  it('a request in flight during a crash is recorded as interrupted on the next start', async () => {
    const serve = await startServe();
    const response = await messagesRequest(serve.url, 'hold:1');
    await firstEvent(response);
    // Requests still running after a second get an in-flight row.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    serve.child.kill('SIGKILL');
    await serve.exited;
    upstream.release();
    expect(readRows().at(-1)!.outcome).toBe('in_flight');

    const core = createCore({ dataDir, configPath, port: 0 });
    await core.start();
    await core.stop();
    const row = readRows().at(-1)!;
    expect(row.outcome).toBe('interrupted');
    expect(row.error_message).toMatch(/stopped before this request finished/);
  });

  it('SIGTERM shuts down cleanly: in-flight requests are recorded as interrupted, the process exits 0', async () => {
    const serve = await startServe();
    const before = readRows().length;
    const response = await messagesRequest(serve.url, 'hold:1');
    const reader = await firstEvent(response);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    await reader.read().catch(() => null);
    upstream.release();
    const rows = readRows();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'interrupted' });
    expect(rows.every((r) => r.outcome !== 'in_flight')).toBe(true);
  });
});
