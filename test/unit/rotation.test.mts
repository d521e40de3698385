import { describe, expect, it } from 'vitest';

import {
	type ApiContext,
	waitForStoredCredentialChange,
} from '../../nodes/TikTok/transport/kernel.ts';
import { bindPolicies } from '../../nodes/TikTok/transport/policies.ts';
import { fingerprint, RotationGate } from '../../nodes/TikTok/auth/rotation.ts';
import { testPolicies } from '../harness/policies.mts';

interface Answer {
	access_token: string;
	refresh_token?: string;
}

const app = { id: 'app', secret: 'secret' };

function gate() {
	return new RotationGate<Answer>({ nextSecret: (answer) => answer.refresh_token });
}

describe('RotationGate', () => {
	it('shares one exchange between concurrent callers with the same secret', async () => {
		const g = gate();
		let calls = 0;
		let release: () => void = () => {};
		const exchange = async () => {
			calls++;
			await new Promise<void>((resolve) => (release = resolve));
			return { access_token: 'a2', refresh_token: 'r2' };
		};
		const pending = [
			g.run(app, 'r1', exchange),
			g.run(app, 'r1', exchange),
			g.run(app, 'r1', exchange),
		];
		release();
		expect(await Promise.all(pending)).toEqual(
			Array(3).fill({ access_token: 'a2', refresh_token: 'r2' }),
		);
		expect(calls).toBe(1);
	});

	it('answers an already rotated secret with the newest remembered pair, following the chain', async () => {
		const g = gate();
		await g.run(app, 'r1', async () => ({ access_token: 'a2', refresh_token: 'r2' }));
		await g.run(app, 'r2', async () => ({ access_token: 'a3', refresh_token: 'r3' }));
		expect(await g.run(app, 'r1', async () => expect.unreachable())).toEqual({
			access_token: 'a3',
			refresh_token: 'r3',
		});
	});

	it('keeps apps apart and forgets failures', async () => {
		const g = gate();
		await g.run({ id: 'app-a', secret: 'secret' }, 'r1', async () => ({ access_token: 'a' }));
		expect(
			await g.run({ id: 'app-b', secret: 'secret' }, 'r1', async () => ({ access_token: 'b' })),
		).toEqual({ access_token: 'b' });
		await expect(
			g.run({ id: 'app-c', secret: 'secret' }, 'r1', async () =>
				Promise.reject(new Error('refused')),
			),
		).rejects.toThrow('refused');
		expect(
			await g.run({ id: 'app-c', secret: 'secret' }, 'r1', async () => ({ access_token: 'c' })),
		).toEqual({ access_token: 'c' });
	});

	it('forgets rotations after the memory window', async () => {
		const g = new RotationGate<Answer>({
			nextSecret: (answer) => answer.refresh_token,
			memoryMs: -1,
		});
		await g.run(app, 'r1', async () => ({ access_token: 'a2', refresh_token: 'r2' }));
		expect(await g.run(app, 'r1', async () => ({ access_token: 'again' }))).toEqual({
			access_token: 'again',
		});
	});

	it('#9.11 keeps credentials with another app secret apart: no remembered or shared answer without the same secret', async () => {
		const g = gate();
		await g.run({ id: 'app', secret: 'right' }, 'r1', async () => ({
			access_token: 'a2',
			refresh_token: 'r2',
		}));
		let wrongSecretCalls = 0;
		const refused = async () => {
			wrongSecretCalls++;
			throw new Error('invalid_client');
		};
		// Remembered rotation: the wrong secret does not get it, its own request is made (and refused).
		await expect(g.run({ id: 'app', secret: 'wrong' }, 'r1', refused)).rejects.toThrow(
			'invalid_client',
		);
		// In-flight exchange: not shared with the wrong secret either.
		let release: () => void = () => {};
		const pending = g.run({ id: 'app', secret: 'right' }, 'r2', async () => {
			await new Promise<void>((resolve) => (release = resolve));
			return { access_token: 'a3', refresh_token: 'r3' };
		});
		const wrongWhileInFlight = g.run({ id: 'app', secret: 'wrong' }, 'r2', refused);
		release();
		await expect(wrongWhileInFlight).rejects.toThrow('invalid_client');
		expect(await pending).toEqual({ access_token: 'a3', refresh_token: 'r3' });
		expect(wrongSecretCalls).toBe(2);
		// The right secret still follows the chain without a call.
		expect(
			await g.run({ id: 'app', secret: 'right' }, 'r1', async () => expect.unreachable()),
		).toEqual({ access_token: 'a3', refresh_token: 'r3' });
	});

	it('fingerprints without revealing the secret', () => {
		expect(fingerprint('rft.secret')).toHaveLength(16);
		expect(fingerprint('rft.secret')).not.toContain('secret');
	});
});

describe('waitForStoredCredentialChange', () => {
	it('#9.10 re-reads until another process saved, within the bounded window, and stops at once when the execution is cancelled', async () => {
		const controller = new AbortController();
		/** An execution context whose node waits at most `waitMs` for another process's rotation. */
		const contextWaiting = (waitMs: number, intervalMs = 10): ApiContext => {
			const ctx = { getExecutionCancelSignal: () => controller.signal } as unknown as ApiContext;
			bindPolicies(ctx, testPolicies({ rotationWait: { waitMs, intervalMs } }));
			return ctx;
		};

		let reads = 0;
		expect(
			await waitForStoredCredentialChange(contextWaiting(2_000), async () => ++reads === 5),
		).toBe(true);
		expect(reads).toBe(5);

		let started = Date.now();
		expect(await waitForStoredCredentialChange(contextWaiting(100), async () => false)).toBe(false);
		expect(Date.now() - started).toBeGreaterThanOrEqual(100);

		started = Date.now();
		const waiting = waitForStoredCredentialChange(contextWaiting(60_000), async () => false);
		setTimeout(() => controller.abort(new Error('The execution was cancelled')), 50);
		await expect(waiting).rejects.toThrow('The execution was cancelled');
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});
