import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../../../electron/core/config/config-json-schema';

describe('config JSON Schema', () => {
  it('resources/config.schema.json is up to date (regenerate: npm run --silent farebox -- config-schema)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../../resources/config.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(configJsonSchema());
  });

  it('describes the documented fields', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'server',
      'providers',
      'defaults',
      'aliases',
      'rules',
      'retentionDays',
      'budgets',
      'pools',
      'pricing',
    ]);
  });
});
