/**
 * How long the package waits and how often it tries again (retries, upload retries, publish
 * polling, the wait for another process's token rotation, the Business refresh margin), and the
 * clock it waits with. One frozen object of production defaults; a node class takes another in
 * its constructor (tests shorten the waits) and binds it to each n8n context its entry points are
 * called with, where the code below reads it with `policiesOf`.
 */
import * as n8nWorkflow from 'n8n-workflow';

/**
 * A wait that ends as soon as `signal` aborts, on every n8n line: n8n-workflow 2.x's `sleep`
 * takes the signal, while 1.x's ignores it and only its `sleepWithAbort` (gone in 2.x) honours it.
 */
export const abortableSleep: (ms: number, signal?: AbortSignal) => Promise<void> =
	(
		n8nWorkflow as {
			sleepWithAbort?: (ms: number, signal?: AbortSignal) => Promise<void>;
		}
	).sleepWithAbort ?? n8nWorkflow.sleep;

export interface RetryPolicy {
	readonly maxAttempts: number;
	/** First back-off after a rate limit; doubled after each further attempt. */
	readonly rateLimitDelayMs: number;
	/** First back-off after a server error or a dropped connection; doubled likewise. */
	readonly serverErrorDelayMs: number;
}

export interface Clock {
	/** Waits `ms`, or rejects as soon as `signal` aborts (the execution was stopped). */
	readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
	/** Epoch milliseconds. */
	readonly now: () => number;
}

export interface Policies {
	/** TikTok for Developers calls that may be repeated. TikTok documents no Retry-After; it suggests backing off 10-60 s on 429. */
	readonly developersRetry: RetryPolicy;
	/** TikTok API for Business reads. Its limits are per minute, so back off in tens of seconds. */
	readonly businessRetry: RetryPolicy;
	/** Business: refresh this long before the stored expiry, so a token does not die mid-run. */
	readonly businessTokenRefresh: { readonly marginMs: number };
	/** One upload chunk after a 5xx or a dropped connection (back-off doubled after each attempt). */
	readonly uploadRetry: { readonly maxAttempts: number; readonly delayMs: number };
	/** Publish status polling. TikTok allows 30 status fetches per minute per user. */
	readonly publishPoll: { readonly intervalMs: number };
	/**
	 * A refresh refused because the refresh token was already used: how long to wait for another
	 * n8n process (a queue-mode worker) to save the pair it got, re-reading the stored credential.
	 */
	readonly rotationWait: { readonly waitMs: number; readonly intervalMs: number };
	readonly clock: Clock;
}

export const DEFAULT_POLICIES: Policies = Object.freeze({
	developersRetry: Object.freeze({
		maxAttempts: 4,
		rateLimitDelayMs: 15_000,
		serverErrorDelayMs: 2_000,
	}),
	businessRetry: Object.freeze({
		maxAttempts: 4,
		rateLimitDelayMs: 15_000,
		serverErrorDelayMs: 2_000,
	}),
	businessTokenRefresh: Object.freeze({ marginMs: 5 * 60 * 1000 }),
	uploadRetry: Object.freeze({ maxAttempts: 4, delayMs: 2_000 }),
	publishPoll: Object.freeze({ intervalMs: 5_000 }),
	rotationWait: Object.freeze({ waitMs: 5_000, intervalMs: 250 }),
	clock: Object.freeze({ sleep: abortableSleep, now: () => Date.now() }),
});

/** n8n context → the policies of the node instance whose entry point it was called with. */
const bound = new WeakMap<object, Policies>();

export function bindPolicies(ctx: object, policies: Policies): void {
	bound.set(ctx, policies);
}

/** The policies bound to this n8n context, else the production defaults. */
export function policiesOf(ctx: object): Policies {
	return bound.get(ctx) ?? DEFAULT_POLICIES;
}

type Entry<C extends object, A extends unknown[], R> = (this: C, ...args: A) => R;

/**
 * An entry point n8n calls with its context as `this` (execute, poll, loadOptions…), which first
 * binds `policies` to that context.
 */
export function withPolicies<C extends object, A extends unknown[], R>(
	policies: Policies,
	entry: Entry<C, A, R>,
): Entry<C, A, R> {
	return function (this: C, ...args: A): R {
		bindPolicies(this, policies);
		return entry.apply(this, args);
	};
}

/** `withPolicies` over each function of a table (a node's loadOptions or listSearch methods). */
export function allWithPolicies<T extends Record<string, Entry<never, never[], unknown>>>(
	policies: Policies,
	entries: T,
): T {
	return Object.fromEntries(
		Object.entries(entries).map(([name, entry]) => [name, withPolicies(policies, entry)]),
	) as T;
}
