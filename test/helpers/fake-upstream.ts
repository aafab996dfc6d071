export { startFakeUpstream } from './fake-upstream/server';
export type { FakeUpstream, FakeUpstreamOptions, RecordedRequest } from './fake-upstream/server';
export {
  FAKE_COUNT_TOKENS,
  FAKE_MODELS,
  FAKE_TEXT,
  FAKE_TEXT_PIECES,
  FAKE_TOOL_ARGS,
  FAKE_TOOL_NAME,
  FAKE_USAGE,
} from './fake-upstream/constants';
