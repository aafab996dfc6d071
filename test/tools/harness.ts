import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../electron/core/config/config-schema';
import { startTestProxy, type TestProxy } from '../helpers/start-proxy';
import { startClientTap, type ClientTap } from './client-tap';
import { runCli, type CliRun } from './run-cli';
import { startScriptedUpstream, type ScriptedUpstream, type ToolCallPlan } from './scripted-upstream';
import type { ScriptedDialect } from './scripted-upstream';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const MODULES = join(REPO_ROOT, '.tools', 'node_modules');

export interface CliLocation {
  command: string;
  /** Arguments before the CLI's own (the launcher script when run through node). */
  prefixArgs: string[];
  version: string;
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Claude Code ships a JS launcher that may insist on a newer Node than this repo's 20, but the real program is
 * a native binary in a per-platform package; run that directly.
 */
function findClaudeCode(): CliLocation | null {
  const wrapper = join(MODULES, '@anthropic-ai', 'claude-code');
  if (!existsSync(wrapper)) return null;
  const platform = `${process.platform}-${process.arch}`;
  const candidates = [
    join(MODULES, '@anthropic-ai', `claude-code-${platform}`, 'claude'),
    join(MODULES, '@anthropic-ai', `claude-code-${platform}-musl`, 'claude'),
    // What the postinstall copies the native binary to.
    join(wrapper, 'bin', 'claude.exe'),
  ];
  const binary = candidates.find((path) => existsSync(path));
  return binary ? { command: binary, prefixArgs: [], version: packageVersion(wrapper) } : null;
}

/** Codex's and Gemini's launchers are plain node scripts that run fine on Node 20. */
function findNodeCli(packagePath: string, script: string): CliLocation | null {
  const dir = join(MODULES, ...packagePath.split('/'));
  const entry = join(dir, script);
  if (!existsSync(entry)) return null;
  return { command: process.execPath, prefixArgs: [entry], version: packageVersion(dir) };
}

export type CliName = 'claude-code' | 'codex' | 'gemini-cli';

export function findCli(name: CliName): CliLocation | null {
  if (name === 'claude-code') return findClaudeCode();
  if (name === 'codex') return findNodeCli('@openai/codex', 'bin/codex.js');
  return findNodeCli('@google/gemini-cli', 'bundle/gemini.js');
}

/** Prints why a suite is skipped, so a missing install never passes silently. */
export function warnIfMissing(name: CliName, location: CliLocation | null): void {
  if (location) return;
  console.warn(
    `[tools] SKIPPING ${name}: not installed in ${join(REPO_ROOT, '.tools')} (run bash test/tools/install-clis.sh)`,
  );
}

export interface Sandbox {
  /** Everything below is inside this one temp directory, removed by stop(). */
  root: string;
  /** HOME for the CLI: no real user config is read or written. */
  home: string;
  /** The CLI's working directory, holding the file the tool call reads. */
  workdir: string;
  markerFile: string;
  /** Random content of markerFile; it reaches the upstream only if the CLI really ran the tool. */
  marker: string;
}

export interface ToolStack {
  sandbox: Sandbox;
  upstream: ScriptedUpstream;
  proxy: TestProxy;
  tap: ClientTap;
  /** What the CLI points at: the tap in front of the proxy. */
  baseUrl: string;
  finalText: string;
  /** A from-scratch environment: nothing (keys, base URLs, config dirs) leaks in from the test runner. */
  env(extra: Record<string, string>): Record<string, string>;
  run(cli: CliLocation, args: readonly string[], extraEnv: Record<string, string>): Promise<CliRun>;
  stop(): Promise<void>;
}

export type ToolChooser = (
  sandbox: Sandbox,
  dialect: ScriptedDialect,
  toolNames: readonly string[],
) => ToolCallPlan | null;

function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'farebox-tools-'));
  const home = join(root, 'home');
  const workdir = join(root, 'work');
  for (const dir of [home, workdir, join(root, 'tmp')]) mkdirSync(dir, { recursive: true });
  const marker = `marker-${randomUUID()}`;
  const markerFile = join(workdir, 'marker.txt');
  writeFileSync(markerFile, `${marker}\n`);
  return { root, home, workdir, markerFile, marker };
}

/** Proxy config besides the default providers; given the upstream's URL, which is known only once it runs. */
export type ProxyConfig = (upstreamUrl: string) => Partial<ConfigInput>;

/** Key of the `cheap` OpenAI-dialect provider of routedProviders; the proxy must send it instead of the CLI's. */
export const CHEAP_KEY = 'sk-cheap-farebox-tools';
/** Key of the `claude` Anthropic provider of routedProviders. */
export const CLAUDE_KEY = 'sk-ant-claude-farebox-tools';

/**
 * The three default providers (no key: a pass-through request carries the CLI's) plus two routing targets
 * that hold their own key, as translated requests need: `cheap` speaks OpenAI and, not being
 * api.openai.com, serves Chat Completions only; `claude` speaks Anthropic.
 */
export function routedProviders(upstreamUrl: string): NonNullable<ConfigInput['providers']> {
  return [
    { id: 'anthropic', dialect: 'anthropic', baseUrl: upstreamUrl },
    { id: 'openai', dialect: 'openai', baseUrl: upstreamUrl },
    { id: 'gemini', dialect: 'gemini', baseUrl: upstreamUrl },
    { id: 'cheap', dialect: 'openai', baseUrl: upstreamUrl, apiKey: CHEAP_KEY },
    { id: 'claude', dialect: 'anthropic', baseUrl: upstreamUrl, apiKey: CLAUDE_KEY },
  ];
}

/**
 * Scripted upstream <- proxy (real core, temp data dir) <- tap <- CLI, all on 127.0.0.1. `proxyConfig` adds
 * providers, rules and the like to the proxy's config.
 */
export async function startToolStack(
  chooseTool: ToolChooser,
  proxyConfig: ProxyConfig = () => ({}),
): Promise<ToolStack> {
  const sandbox = createSandbox();
  const finalText = `Tool loop finished ${randomUUID().slice(0, 8)}.`;
  const cleanups: (() => Promise<void>)[] = [
    async () => rmSync(sandbox.root, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const upstream = await startScriptedUpstream({
      finalText,
      chooseTool: (dialect, names) => chooseTool(sandbox, dialect, names),
    });
    cleanups.push(() => upstream.close());
    const proxy = await startTestProxy(upstream.url, proxyConfig(upstream.url));
    cleanups.push(() => proxy.stop());
    const tap = await startClientTap(proxy.port);
    cleanups.push(() => tap.close());
    const env = (extra: Record<string, string>): Record<string, string> => ({
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: sandbox.home,
      XDG_CONFIG_HOME: join(sandbox.home, '.config'),
      XDG_CACHE_HOME: join(sandbox.home, '.cache'),
      XDG_DATA_HOME: join(sandbox.home, '.local', 'share'),
      XDG_STATE_HOME: join(sandbox.home, '.local', 'state'),
      TMPDIR: join(sandbox.root, 'tmp'),
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      NO_COLOR: '1',
      ...extra,
    });
    return {
      sandbox,
      upstream,
      proxy,
      tap,
      baseUrl: tap.url,
      finalText,
      env,
      run: (cli, args, extraEnv) =>
        runCli({
          command: cli.command,
          args: [...cli.prefixArgs, ...args],
          cwd: sandbox.workdir,
          env: env(extraEnv),
          timeoutMs: 60_000,
          traceDir: sandbox.root,
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The CLI's output, for assertion messages when a run fails. */
export function describeRun(run: CliRun): string {
  const tail = (text: string) => text.slice(-4000);
  return `exit ${run.code} signal ${run.signal} timedOut ${run.timedOut}\n--- stdout\n${tail(run.stdout)}\n--- stderr\n${tail(run.stderr)}`;
}
