import { z } from 'zod';
import { configSchema } from './config-schema';

/** The config file's JSON Schema (for editors: `"$schema"`), generated from the same zod schema that validates it. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Farebox config',
    description: 'Farebox configuration file (config.json in the data directory). See the README.',
  };
}
