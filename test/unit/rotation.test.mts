import { describe, expect, it } from 'vitest';

import { fingerprint, RotationGate } from '../../nodes/TikTok/transport/rotation.ts';

interface Answer {
	access_token: string;
	refresh_token?: string;
}

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
		const pending = [g.run('app', 'r1', exchange), g.run('app', 'r1', exchange), g.run('app', 'r1', exchange)];
		release();
		expect(await Promise.all(pending)).toEqual(Array(3).fill({ access_token: 'a2', refresh_token: 'r2' }));
		expect(calls).toBe(1);
	});

	it('answers an already rotated secret with the newest remembered pair, following the chain', async () => {
		const g = gate();
		await g.run('app', 'r1', async () => ({ access_token: 'a2', refresh_token: 'r2' }));
		await g.run('app', 'r2', async () => ({ access_token: 'a3', refresh_token: 'r3' }));
		expect(await g.run('app', 'r1', async () => expect.unreachable())).toEqual({ access_token: 'a3', refresh_token: 'r3' });
	});

	it('keeps apps apart and forgets failures', async () => {
		const g = gate();
		await g.run('app-a', 'r1', async () => ({ access_token: 'a' }));
		expect(await g.run('app-b', 'r1', async () => ({ access_token: 'b' }))).toEqual({ access_token: 'b' });
		await expect(g.run('app-c', 'r1', async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
		expect(await g.run('app-c', 'r1', async () => ({ access_token: 'c' }))).toEqual({ access_token: 'c' });
	});

	it('forgets rotations after the memory window', async () => {
		const g = new RotationGate<Answer>({ nextSecret: (answer) => answer.refresh_token, memoryMs: -1 });
		await g.run('app', 'r1', async () => ({ access_token: 'a2', refresh_token: 'r2' }));
		expect(await g.run('app', 'r1', async () => ({ access_token: 'again' }))).toEqual({ access_token: 'again' });
	});

	it('fingerprints without revealing the secret', () => {
		expect(fingerprint('rft.secret')).toHaveLength(16);
		expect(fingerprint('rft.secret')).not.toContain('secret');
	});
});
