import { describe, expect, it } from 'vitest';
import type { RouteDryRun } from '../../../../shared/routing';
import {
  actionSentence,
  dryRunInput,
  EMPTY_DRY_RUN,
  endpointDialect,
  estimateSavings,
  prefillFromRecord,
  sampleBody,
} from '../../../../renderer/src/pages/rules/dry-run-form';
import { record } from './fixtures';

describe('dry-run form', () => {
  it('needs a JSON object body', () => {
    expect(dryRunInput(EMPTY_DRY_RUN).errors.body).toMatch(/Paste a request body/);
    expect(dryRunInput({ ...EMPTY_DRY_RUN, body: '{ nope' }).errors.body).toMatch(/Not valid JSON/);
    expect(dryRunInput({ ...EMPTY_DRY_RUN, body: '[1]' }).errors.body).toMatch(/JSON object/);
  });

  it('checks the output tokens and builds the request from the filled fields', () => {
    const body = sampleBody('anthropic', 'claude-opus-4-1');
    expect(dryRunInput({ ...EMPTY_DRY_RUN, body, outputTokens: '1.5' }).errors.outputTokens).toBeDefined();
    const { errors, input } = dryRunInput({
      body,
      dialect: 'anthropic',
      tool: ' codex ',
      model: '',
      outputTokens: '200',
    });
    expect(errors).toEqual({});
    expect(input).toEqual({ body: JSON.parse(body), dialect: 'anthropic', tool: 'codex', outputTokens: 200 });
  });

  it('asks for the model of a Gemini body, which names it in the URL', () => {
    const body = sampleBody('gemini', 'gemini-2.5-pro');
    expect(dryRunInput({ ...EMPTY_DRY_RUN, body }).errors.model).toMatch(/Gemini/);
    expect(dryRunInput({ ...EMPTY_DRY_RUN, body, model: 'gemini-2.5-pro' }).input?.model).toBe(
      'gemini-2.5-pro',
    );
  });

  it('prefills tool, API, model and a sample body from a recent request', () => {
    const form = prefillFromRecord(
      record({ tool: 'codex', endpoint: 'openai-responses', requestedModel: 'gpt-5', outputTokens: 321 }),
    );
    expect(form).toMatchObject({
      dialect: 'openai-responses',
      tool: 'codex',
      model: '',
      outputTokens: '321',
    });
    expect(JSON.parse(form.body)).toEqual({ model: 'gpt-5', input: expect.any(String) });
    expect(
      prefillFromRecord(record({ endpoint: 'gemini-generate', requestedModel: 'gemini-2.5-flash' })).model,
    ).toBe('gemini-2.5-flash');
    expect(endpointDialect('openai-embeddings')).toBeNull();
  });

  it('computes the estimated savings and says what happens', () => {
    const result: RouteDryRun = {
      dialect: 'anthropic',
      tool: 'claude-code',
      requestedModel: 'claude-opus-4-1',
      estimatedInputTokens: 1200,
      rule: { id: 'cheap', name: null },
      action: 'chain',
      evaluated: [{ id: 'cheap', matched: true, reasons: [] }],
      targets: [
        { provider: 'openrouter', model: 'a' },
        { provider: 'anthropic', model: 'b' },
      ],
      reject: null,
      estimate: {
        outputTokens: 1000,
        costUsd: 0.01,
        priceRef: 'x',
        baselineCostUsd: 0.05,
        baselinePriceRef: 'y',
      },
      problems: [],
    };
    expect(estimateSavings(result)).toBeCloseTo(0.04);
    expect(actionSentence(result)).toBe('Tries openrouter / a, then anthropic / b');
    expect(
      estimateSavings({ ...result, estimate: { ...result.estimate!, baselineCostUsd: null } }),
    ).toBeNull();
    expect(actionSentence({ ...result, action: 'reject', reject: { status: 403, message: 'no' } })).toBe(
      'Rejected with 403: no',
    );
  });
});
