import { startFakeUpstream } from '../helpers/fake-upstream';

/** The fake provider in its own process, so it does not share an event loop with the load generator. */
const upstream = await startFakeUpstream({ record: false });
process.stdout.write(`fake upstream listening on ${upstream.url}\n`);

const stop = () => {
  void upstream.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
