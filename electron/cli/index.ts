import { parseArgs } from 'node:util';
import { configJsonSchema } from '../core/config/config-json-schema';
import { describeFailure, exportRequests, serve, stats, UsageError, type Io } from './commands';
import { route } from './route-command';

const HELP = `farebox — spend and routing control for AI coding tools

Usage:
  farebox serve  [--config FILE] [--data-dir DIR] [--host H] [--port N]
  farebox export [--data-dir DIR] [--format jsonl|csv] [--since ISO] [--until ISO]
  farebox stats  [--data-dir DIR] [--month YYYY-MM] [--json]
  farebox route  --request FILE.json [--tool NAME] [--dialect D] [--model M] [--config FILE]
                 [--data-dir DIR] [--output-tokens N] [--json]
                 which routing rule fires for a request and what it would cost; nothing is sent
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
