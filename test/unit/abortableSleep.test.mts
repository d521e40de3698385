/**
 * The production clock's wait ends on Stop on both n8n lines: n8n-workflow 2.x's `sleep` takes
 * the signal; 1.x's `sleep` ignores it and only its `sleepWithAbort` honours it (n8n-workflow
 * 1.120.31 dist/cjs/utils.js), so the module shape of 1.x is emulated here.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const POLICIES = '../../nodes/TikTok/transport/policies.ts';

async function waitThenAbort(sleep: (ms: number, signal?: AbortSignal) => Promise<void>) {
	const controller = new AbortController();
	const started = Date.now();
	const waiting = sleep(60_000, controller.signal);
	setTimeout(() => controller.abort(), 20);
	await expect(waiting).rejects.toBeDefined();
	return Date.now() - started;
}

describe('the clock waits with the abortable sleep of the running n8n', () => {
	afterEach(() => {
		vi.doUnmock('n8n-workflow');
		vi.resetModules();
	});

	it('n8n 2.x (the installed n8n-workflow): Stop ends a 60 s wait at once', async () => {
		vi.resetModules();
		const { DEFAULT_POLICIES } = (await import(
			POLICIES
		)) as typeof import('../../nodes/TikTok/transport/policies.ts');
		expect(await waitThenAbort(DEFAULT_POLICIES.clock.sleep)).toBeLessThan(2_000);
	});

	it('n8n 1.x (a sleep that ignores the signal, and sleepWithAbort): Stop ends a 60 s wait at once', async () => {
		vi.resetModules();
		vi.doMock('n8n-workflow', async (importOriginal) => {
			const real = await importOriginal<Record<string, unknown>>();
			return {
				...real,
				sleep: async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms)),
				sleepWithAbort: async (ms: number, signal?: AbortSignal) =>
					await new Promise<void>((resolve, reject) => {
						const timer = setTimeout(resolve, ms);
						signal?.addEventListener('abort', () => {
							clearTimeout(timer);
							reject(new Error('cancelled'));
						});
					}),
			};
		});
		const { DEFAULT_POLICIES, abortableSleep } = (await import(
			POLICIES
		)) as typeof import('../../nodes/TikTok/transport/policies.ts');
		expect(DEFAULT_POLICIES.clock.sleep).toBe(abortableSleep);
		expect(await waitThenAbort(DEFAULT_POLICIES.clock.sleep)).toBeLessThan(2_000);
	});
});
