import { describe, expect, it } from 'vitest';

import {
	bindPolicies,
	DEFAULT_POLICIES,
	policiesOf,
	withPolicies,
} from '../../nodes/TikTok/transport/policies.ts';
import { testPolicies } from '../harness/policies.mts';

describe('policies', () => {
	it('the production defaults are frozen, to their last field', () => {
		expect(Object.isFrozen(DEFAULT_POLICIES)).toBe(true);
		for (const policy of Object.values(DEFAULT_POLICIES))
			expect(Object.isFrozen(policy)).toBe(true);
		expect(Reflect.set(DEFAULT_POLICIES.developersRetry, 'maxAttempts', 1)).toBe(false);
		expect(DEFAULT_POLICIES.developersRetry.maxAttempts).toBe(4);
	});

	it('a context reads the policies bound to it, and the defaults when none are', () => {
		const shorter = testPolicies({ publishPoll: { intervalMs: 7 } });
		const bound = {};
		bindPolicies(bound, shorter);
		expect(policiesOf(bound).publishPoll.intervalMs).toBe(7);
		expect(policiesOf({})).toBe(DEFAULT_POLICIES);
	});

	it('an entry point binds its policies to the context n8n calls it with, and passes arguments and result through', async () => {
		const shorter = testPolicies({ rotationWait: { waitMs: 3 } });
		const entry = withPolicies(shorter, async function (this: object, filter?: string) {
			return `${filter}:${policiesOf(this).rotationWait.waitMs}`;
		});
		const ctx = {};
		expect(await entry.call(ctx, 'x')).toBe('x:3');
		expect(policiesOf(ctx)).toBe(shorter);
	});
});
