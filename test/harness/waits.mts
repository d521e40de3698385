/**
 * Waits on what a test can observe, in real time: taken before any test fakes the timers, so they
 * also work while n8n's clock is moved by vi.useFakeTimers.
 */
const realSetTimeout = globalThis.setTimeout;

export const realDelay = async (ms: number): Promise<void> =>
	await new Promise((resolve) => realSetTimeout(resolve, ms));

/**
 * How long (ms, polled every 10 ms) until `condition` holds, at most `limitMs`: for what happens a
 * moment after the run returns (the server seeing n8n close its connection), asserted with a bound.
 */
export async function msUntil(condition: () => boolean, limitMs = 5_000): Promise<number> {
	let waited = 0;
	for (; !condition() && waited < limitMs; waited += 10) await realDelay(10);
	return waited;
}
