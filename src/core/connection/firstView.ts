// The cluster's view, asked for in the same write as AUTH when a seed connection opens. Over a remote link every
// read that waits for a connect is a round trip: a topology read that follows the connect costs one more, and the
// other masters' own views (open slots) one more again. The seeds are asked at once; topology.ts takes the answer.
import type Redis from 'ioredis';

/** Replies of CLUSTER INFO, CLUSTER NODES and CLUSTER SHARDS, as ioredis' pipeline gives them. */
export type ViewReplies = [error: Error | null, result: unknown][];

/** A view older than this is read again: it was asked for at connect time, for the read that follows at once. */
const FRESH_MS = 1000;

const views = new WeakMap<Redis, { at: number; replies: Promise<ViewReplies | null> }>();

/** Queues the view read on a connecting client (it leaves with AUTH). */
export function askView(client: Redis): void {
  const replies = client.pipeline().cluster('INFO').cluster('NODES').call('CLUSTER', 'SHARDS').exec();
  replies.catch(() => undefined);
  views.set(client, { at: Date.now(), replies });
}

/** The view asked for when `client` connected, once, if still fresh; otherwise undefined (ask again). */
export function takeView(client: Redis): Promise<ViewReplies | null> | undefined {
  const v = views.get(client);
  views.delete(client);
  return v && Date.now() - v.at < FRESH_MS ? v.replies : undefined;
}
