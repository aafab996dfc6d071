import type { ResolvedProvider } from '../config/load-config';
import type { UsageObservation, UsageReader } from '../dialects/usage-types';
import type { RequestEntry } from '../store/request-entry';
import type { ProxyContext } from './proxy-context';

/**
 * Fills in usage, cost and the baseline. Endpoints without usage (count_tokens, model lists) cost nothing.
 * The baseline prices the served token counts at the requested model's prices: what the same work would
 * have cost had Farebox not routed it (README: "How savings are counted").
 */
export function priceEntry(
  ctx: ProxyContext,
  entry: RequestEntry,
  reader: UsageReader | null,
  seen: UsageObservation | undefined,
  provider: ResolvedProvider,
  routed: boolean,
): void {
  if (!reader) {
    entry.costUsd = 0;
    entry.priceSource = 'free';
    entry.baselineCostUsd = 0;
    return;
  }
  const usage = seen?.usage ?? null;
  const model = entry.servedModel ?? entry.requestedModel;
  if (usage === null) {
    // Refused by Farebox, refused by the provider, or never delivered: no tokens were processed.
    const neverProcessed =
      entry.outcome === 'proxy_error' ||
      entry.outcome === 'rejected' ||
      (entry.status !== null && entry.status >= 400) ||
      (entry.outcome === 'upstream_error' && entry.status === null);
    if (neverProcessed) {
      entry.costUsd = 0;
      entry.priceSource = 'not-billed';
      entry.baselineCostUsd = 0;
    } else {
      // The provider may have billed tokens we never saw: unknown cost, not $0.
      entry.costUsd = null;
      entry.priceSource = 'unpriced';
      entry.errorMessage ??= 'the upstream response carried no usage';
    }
    return;
  }
  entry.usage = usage;
  if (!model) return;
  const priced = ctx.priceBook.price(model, entry.usage, {
    providerDialect: provider.dialect,
    providerBaseUrl: provider.baseUrl,
    at: new Date(entry.startedAt),
  });
  entry.costUsd = priced.costUsd;
  entry.priceSource = priced.priceSource;
  entry.priceRef = priced.priceRef;
  if (priced.costUsd === null && entry.poolId !== null && entry.requestedModel) {
    // A pool's deployment name (e.g. "gpt41-ptu") has no list price; its traffic is valued at the requested
    // model's, which is what it would have cost on demand.
    const asRequested = ctx.priceBook.price(entry.requestedModel, entry.usage, {
      providerDialect: entry.dialect,
      providerBaseUrl: ctx.config.providerFor[entry.dialect].baseUrl,
      at: new Date(entry.startedAt),
    });
    entry.costUsd = asRequested.costUsd;
    entry.priceSource = asRequested.priceSource;
    entry.priceRef = asRequested.priceRef;
  }
  if (!routed || entry.requestedModel === null) {
    entry.baselineCostUsd = entry.costUsd;
    entry.baselinePriceRef = entry.priceRef;
    return;
  }
  const baseline = ctx.priceBook.price(entry.requestedModel, entry.usage, {
    providerDialect: entry.dialect,
    providerBaseUrl: ctx.config.providerFor[entry.dialect].baseUrl,
    at: new Date(entry.startedAt),
  });
  entry.baselineCostUsd = baseline.costUsd;
  entry.baselinePriceRef = baseline.priceRef;
}
