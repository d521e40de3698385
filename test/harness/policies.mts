/**
 * Policies for tests: the production ones with waits short enough for a test run, and any of
 * them changed further by a test that needs other values (each a new frozen object: a test
 * builds its own instead of changing the package's).
 */
import { DEFAULT_POLICIES, type Policies } from '../../nodes/TikTok/transport/policies.ts';

export type PolicyOverrides = { [K in keyof Policies]?: Partial<Policies[K]> };

/** The same policies with shorter waits: tests must not sleep for TikTok's real 15-60 s back-off or 5 s polls. */
const SHORT_WAITS: PolicyOverrides = {
	developersRetry: { rateLimitDelayMs: 5, serverErrorDelayMs: 5 },
	businessRetry: { rateLimitDelayMs: 5, serverErrorDelayMs: 5 },
	// Long enough for a test's other "worker" to save a rotation, short enough for refused tokens.
	rotationWait: { waitMs: 1_000, intervalMs: 20 },
	uploadRetry: { delayMs: 5 },
	publishPoll: { intervalMs: 5 },
};

/** `base` with `overrides` applied to each of its policies. */
export function withOverrides(base: Policies, overrides: PolicyOverrides): Policies {
	const merged = Object.fromEntries(
		Object.entries(base).map(([name, policy]) => [
			name,
			Object.freeze({ ...policy, ...overrides[name as keyof Policies] }),
		]),
	);
	return Object.freeze(merged) as unknown as Policies;
}

/** The test policies, with `overrides` on top. */
export function testPolicies(overrides: PolicyOverrides = {}): Policies {
	return withOverrides(withOverrides(DEFAULT_POLICIES, SHORT_WAITS), overrides);
}
