/**
 * Walks an error and its `cause` chain: n8n wraps what credential hooks and HTTP clients throw
 * (a NodeApiError around an axios error around a socket error), so what a caller looks for may
 * sit a few levels down. The walk stops after a few levels, whatever the chain holds.
 */
const MAX_DEPTH = 5;

/** The first `match` along the chain, outermost first; undefined when nothing matches. */
export function findInCauseChain<T>(
	error: unknown,
	match: (candidate: unknown) => T | undefined,
): T | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < MAX_DEPTH && current; depth++) {
		const found = match(current);
		if (found !== undefined) return found;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}
