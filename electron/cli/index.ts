import { parseArgs } from 'node:util';
import { configJsonSchema } from '../core/config/config-json-schema';
import { describeFailure, exportRequests, serve, stats, UsageError, type Io } from './commands';
import { route } from './route-command';
import { budgets } from './budgets-command';
import { outcome, tasks } from './tasks-command';
import { simulate } from './simulate-command';
import { pools } from './pools-command';
import { importLogs } from './import-command';

const HELP = `farebox — spend and routing control for AI coding tools

Usage:
  farebox serve  [--config FILE] [--data-dir DIR] [--host H] [--port N]
  farebox export [--data-dir DIR] [--format jsonl|csv] [--since ISO] [--until ISO]
  farebox stats  [--data-dir DIR] [--month YYYY-MM] [--json]
  farebox route  --request FILE.json [--tool NAME] [--dialect D] [--model M] [--config FILE]
                 [--data-dir DIR] [--output-tokens N] [--json]
                 which routing rule fires for a request and what it would cost; nothing is sent
  farebox budgets [--data-dir DIR] [--config FILE] [--json]
                 each budget's spend this period, thresholds reached and forecast
  farebox tasks    [--data-dir DIR] [--since ISO] [--until ISO] [--json]
                   cost per task and per resolved task, by tool and model
  farebox outcome  TASK resolved|failed|abandoned|open [--note TEXT] [--data-dir DIR] [--json]
  farebox simulate [--data-dir DIR] [--from ISO] [--until ISO] [--units N --tokens-per-minute N
                   --unit-hour-price USD [--output-weight W] [--cached-counts] [--models GLOB,...]]
                   [--per-resolved-task USD] [--json]
                   what your own traffic would cost on reserved capacity or per resolved task
  farebox pools    [--config FILE] [--data-dir DIR] [--month YYYY-MM] [--json]
                   reserved-capacity pools and plans: utilization, cost vs on demand, recommendation
  farebox import   claude-code|codex [--path DIR] [--billing on_demand|subscription] [--data-dir DIR]
                   [--config FILE] [--json]
                   past usage from the tools' own logs, never counted twice
  farebox config-schema        print the config file's JSON Schema

The data directory defaults to the desktop app's (FAREBOX_DATA_DIR overrides it).`;

const io: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(HELP);
    return command ? 0 : 2;
  }
  try {
    switch (command) {
      case 'serve': {
        const { values } = parseArgs({
          args: rest,
          options: {
            config: { type: 'string' },
            'data-dir': { type: 'string' },
            host: { type: 'string' },
            port: { type: 'string' },
          },
        });
        await serve(
          { config: values.config, dataDir: values['data-dir'], host: values.host, port: values.port },
          io,
        );
        return 0;
      }
      case 'export': {
        const { values } = parseArgs({
          args: rest,
          options: {
            'data-dir': { type: 'string' },
            format: { type: 'string' },
            since: { type: 'string' },
            until: { type: 'string' },
          },
        });
        exportRequests(
          { dataDir: values['data-dir'], format: values.format, since: values.since, until: values.until },
          io,
        );
        return 0;
      }
      case 'stats': {
        const { values } = parseArgs({
          args: rest,
          options: { 'data-dir': { type: 'string' }, month: { type: 'string' }, json: { type: 'boolean' } },
        });
        stats({ dataDir: values['data-dir'], month: values.month, json: values.json }, io);
        return 0;
      }
      case 'route': {
        const { values } = parseArgs({
          args: rest,
          options: {
            config: { type: 'string' },
            'data-dir': { type: 'string' },
            request: { type: 'string' },
            tool: { type: 'string' },
            dialect: { type: 'string' },
            model: { type: 'string' },
            'output-tokens': { type: 'string' },
            json: { type: 'boolean' },
          },
        });
        route(
          {
            config: values.config,
            dataDir: values['data-dir'],
            request: values.request,
            tool: values.tool,
            dialect: values.dialect,
            model: values.model,
            outputTokens: values['output-tokens'],
            json: values.json,
          },
          io,
        );
        return 0;
      }
      case 'budgets': {
        const { values } = parseArgs({
          args: rest,
          options: { 'data-dir': { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } },
        });
        budgets({ dataDir: values['data-dir'], config: values.config, json: values.json }, io);
        return 0;
      }
      case 'tasks': {
        const { values } = parseArgs({
          args: rest,
          options: {
            'data-dir': { type: 'string' },
            since: { type: 'string' },
            until: { type: 'string' },
            json: { type: 'boolean' },
          },
        });
        tasks(
          { dataDir: values['data-dir'], since: values.since, until: values.until, json: values.json },
          io,
        );
        return 0;
      }
      case 'outcome': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { 'data-dir': { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } },
        });
        if (positionals.length > 2)
          throw new UsageError('usage: farebox outcome TASK resolved|failed|abandoned|open');
        outcome(
          {
            dataDir: values['data-dir'],
            task: positionals[0],
            outcome: positionals[1],
            note: values.note,
            json: values.json,
          },
          io,
        );
        return 0;
      }
      case 'simulate': {
        const { values } = parseArgs({
          args: rest,
          options: {
            'data-dir': { type: 'string' },
            from: { type: 'string' },
            until: { type: 'string' },
            units: { type: 'string' },
            'tokens-per-minute': { type: 'string' },
            'unit-hour-price': { type: 'string' },
            'output-weight': { type: 'string' },
            'cached-counts': { type: 'boolean' },
            models: { type: 'string' },
            'per-resolved-task': { type: 'string' },
            json: { type: 'boolean' },
          },
        });
        simulate(
          {
            dataDir: values['data-dir'],
            from: values.from,
            until: values.until,
            units: values.units,
            tokensPerMinute: values['tokens-per-minute'],
            unitHourPrice: values['unit-hour-price'],
            outputWeight: values['output-weight'],
            cachedCounts: values['cached-counts'],
            models: values.models,
            perResolvedTask: values['per-resolved-task'],
            json: values.json,
          },
          io,
        );
        return 0;
      }
      case 'pools': {
        const { values } = parseArgs({
          args: rest,
          options: {
            config: { type: 'string' },
            'data-dir': { type: 'string' },
            month: { type: 'string' },
            json: { type: 'boolean' },
          },
        });
        pools(
          { config: values.config, dataDir: values['data-dir'], month: values.month, json: values.json },
          io,
        );
        return 0;
      }
      case 'import': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            'data-dir': { type: 'string' },
            config: { type: 'string' },
            path: { type: 'string' },
            billing: { type: 'string' },
            json: { type: 'boolean' },
          },
        });
        if (positionals.length !== 1)
          throw new UsageError('usage: farebox import claude-code|codex [--path DIR]');
        await importLogs(
          {
            source: positionals[0]!,
            dataDir: values['data-dir'],
            config: values.config,
            path: values.path,
            billing: values.billing,
            json: values.json,
          },
          io,
        );
        return 0;
      }
      case 'config-schema':
        io.out(JSON.stringify(configJsonSchema(), null, 2));
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
    }
  } catch (error) {
    const isUsage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(`farebox: ${describeFailure(error)}`);
    return isUsage ? 2 : 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    io.err(`farebox: ${error.message}`);
    process.exitCode = 1;
  },
);
