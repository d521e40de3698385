/**
 * On an n8n older than the package needs, a node fails at its first use with a message that names
 * the n8n needed (nodes/TikTok/compat/n8nVersion.ts), never with a TypeError from inside a request.
 * The real engine runs the TikTok node with one helper taken out of the context n8n gives it, as
 * an older n8n would lack it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { TIKTOK_NODE_TYPE } from '../harness/engine.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

type Execute = (this: IExecuteFunctions) => Promise<unknown>;

/** The context n8n passes, minus `helpers.<helper>` or the context method `method`. */
function without(ctx: IExecuteFunctions, missing: { helper?: string; method?: string }) {
	return new Proxy(ctx, {
		get(target, property, receiver) {
			if (property === missing.method) return undefined;
			const value: unknown = Reflect.get(target, property, receiver);
			if (property === 'helpers' && missing.helper) {
				const helpers = { ...(value as Record<string, unknown>) };
				delete helpers[missing.helper];
				return helpers;
			}
			return typeof value === 'function' ? value.bind(target) : value;
		},
		has(target, property) {
			return property !== missing.method && Reflect.has(target, property);
		},
	});
}

describe('n8n version check', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	/** Runs User > Get Profile with the node's execute seeing the context without `missing`. */
	async function runWithout(missing: { helper?: string; method?: string }) {
		const node = env.n8n.pkg.nodeTypes[TIKTOK_NODE_TYPE] as { execute: Execute };
		const execute = node.execute;
		node.execute = async function (this: IExecuteFunctions) {
			return await execute.call(without(this, missing));
		};
		const credentials = await storeConnectedOAuth2(env);
		return await env.n8n.run({ parameters: { resource: 'user', operation: 'get' }, credentials });
	}

	it('without httpRequestWithAuthentication: names n8n 1.85.0 and the missing helper, sends nothing', async () => {
		const result = await runWithout({ helper: 'httpRequestWithAuthentication' });
		expect(result.items).toEqual([]);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe('This node needs n8n 1.85.0 or newer');
		expect(result.error?.description).toBe(
			'The n8n running this workflow lacks helpers.httpRequestWithAuthentication, which the TikTok nodes use. Update n8n to 1.85.0 or newer (the package is tested on n8n 1.123.81 and 2.41.1).',
		);
		expect(env.fake.requests).toEqual([]);
	});

	it('without the binary stream helper and the cancel signal: names both', async () => {
		const node = env.n8n.pkg.nodeTypes[TIKTOK_NODE_TYPE] as { execute: Execute };
		const execute = node.execute;
		node.execute = async function (this: IExecuteFunctions) {
			return await execute.call(
				without(without(this, { helper: 'getBinaryStream' }), {
					method: 'getExecutionCancelSignal',
				}),
			);
		};
		const credentials = await storeConnectedOAuth2(env);
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get' },
			credentials,
		});
		expect(result.error?.message).toBe('This node needs n8n 1.85.0 or newer');
		expect(result.error?.description).toContain(
			'lacks helpers.getBinaryStream, getExecutionCancelSignal, which',
		);
		expect(env.fake.requests).toEqual([]);
	});

	it('with every helper there: the node runs', async () => {
		const result = await runWithout({});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
	});
});
