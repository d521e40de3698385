/**
 * TikTok Trigger (webhook) through n8n-core's real WebhookContext and HookContext, over real
 * HTTP: what TikTok gets back (status, body) and which executions start, with what data.
 */
import type { INodeCredentialsDetails, INodeParameters } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { signatureHeaderFor } from '../../nodes/TikTok/triggers/webhookSignature.ts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';
import {
	restartTriggerN8n,
	startTriggerN8n,
	type TriggerN8n,
	type WebhookEndpoint,
} from '../harness/trigger.mts';

const now = () => Math.floor(Date.now() / 1000);

/** A TikTok webhook body, `content` a JSON string inside the JSON, as TikTok sends it. */
function eventBody(
	event: string,
	content: Record<string, unknown> | string,
	extra: Record<string, unknown> = {},
): string {
	return JSON.stringify({
		client_key: 'awfaketiktokclientkey',
		event,
		create_time: 1_733_000_000,
		user_openid: '-000OpenIdOfTheDemoCreator',
		content: typeof content === 'string' ? content : JSON.stringify(content),
		...extra,
	});
}

const PUBLIC = eventBody('post.publish.publicly_available', {
	publish_id: 'v_pub_file~v2-1.7602997517160123666',
	publish_type: 'DIRECT_PUBLISH',
	post_id: '7602997517160123666',
});

describe('TikTok Trigger (webhook)', () => {
	let env: TikTokTestEnv;
	let n8n: TriggerN8n;
	let endpoint: WebhookEndpoint | undefined;
	let credentials: { tikTokOAuth2Api: INodeCredentialsDetails };
	let secret: string;

	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await startTriggerN8n(env.store);
		credentials = await storeConnectedOAuth2(env);
		secret = env.fake.clientSecret;
	});
	afterEach(async () => {
		await endpoint?.stop();
		endpoint = undefined;
		await env.stop();
	});

	const activate = async (
		events: string[],
		options: INodeParameters = {},
		extra: INodeParameters = {},
	) => {
		endpoint = await n8n.activateWebhook({
			parameters: { events, options, ...extra },
			credentials,
		});
		return endpoint;
	};
	const signed = (body: string, at = now(), key = secret) => ({
		'TikTok-Signature': signatureHeaderFor(key, body, at),
	});
	const deliveries = (hook: WebhookEndpoint) =>
		n8n.database.nodeData('wf-tiktok-webhook', 'Trigger')?.deliveries as
			| Record<string, number>
			| undefined;

	it('activates without calling TikTok (no registration API) and exposes the production URL', async () => {
		const hook = await activate(['*']);
		expect(hook.url).toMatch(
			/^http:\/\/127\.0\.0\.1:\d+\/webhook\/6f1c2b9e-tiktok-webhook\/webhook$/,
		);
		expect(hook.hookCalls).toEqual([{ method: 'checkExists', result: true }]);
		expect(await hook.runHook('create')).toBe(true);
		await hook.stop();
		expect(hook.hookCalls.at(-1)).toEqual({ method: 'delete', result: true });
		endpoint = undefined;
		expect(env.fake.requests).toEqual([]);
	});

	it('starts one execution for a correctly signed event, with content parsed, and answers 200 at once', async () => {
		const hook = await activate(['post.publish.publicly_available']);
		const delivery = await hook.deliver(PUBLIC, signed(PUBLIC));

		expect(delivery.status).toBe(200);
		expect(delivery.text).toBe('');
		expect(hook.executions).toHaveLength(1);
		const execution = delivery.execution!;
		expect(execution.mode).toBe('webhook');
		expect(execution.error).toBeUndefined();
		expect(execution.items).toEqual([
			{
				json: {
					client_key: 'awfaketiktokclientkey',
					event: 'post.publish.publicly_available',
					event_type: 'post.publish.publicly_available',
					create_time: 1_733_000_000,
					user_openid: '-000OpenIdOfTheDemoCreator',
					content: {
						publish_id: 'v_pub_file~v2-1.7602997517160123666',
						publish_type: 'DIRECT_PUBLISH',
						post_id: '7602997517160123666',
					},
					// Stable across TikTok's retries of this event.
					delivery_id: expect.stringMatching(/^[0-9a-f]{32}$/),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(env.fake.requests).toEqual([]);
	});

	it("verifies with the Refresh Token credential's client secret when that authentication is chosen", async () => {
		const refresh = await storeRefreshTokenCredential(env);
		endpoint = await n8n.activateWebhook({
			parameters: { authentication: 'refreshToken', events: ['post.publish.complete'] },
			credentials: refresh,
		});
		const body = eventBody('post.publish.complete', {
			publish_id: 'v_inbox_file~1',
			publish_type: 'INBOX_SHARE',
		});
		const delivery = await endpoint.deliver(body, signed(body));
		expect(delivery.status).toBe(200);
		expect(delivery.execution?.items[0].json).toMatchObject({
			event: 'post.publish.complete',
			content: { publish_type: 'INBOX_SHARE' },
		});
		// Reading the secret never refreshes a token.
		expect(env.fake.requests).toEqual([]);
	});

	describe('refuses with 401 and starts nothing', () => {
		const cases: Array<
			[string, (body: string) => { body: string; headers: Record<string, string> }]
		> = [
			['a wrong secret', (body) => ({ body, headers: signed(body, now(), 'another-apps-secret') })],
			[
				'an altered body (one digit of the post ID)',
				(body) => ({ body: body.replace('123666\\"}', '123667\\"}'), headers: signed(body) }),
			],
			['a stale timestamp (301 s old)', (body) => ({ body, headers: signed(body, now() - 301) })],
			// Well past the 300 s tolerance: the trigger reads the clock again later, and at +301 a second
			// ticking over in between would leave exactly 300 (accepted). The exact edge is a unit table.
			[
				'a timestamp 6 minutes in the future',
				(body) => ({ body, headers: signed(body, now() + 360) }),
			],
			['a missing TikTok-Signature header', (body) => ({ body, headers: {} })],
			[
				'an unsigned header (t only)',
				(body) => ({ body, headers: { 'TikTok-Signature': `t=${now()}` } }),
			],
			[
				'a garbage header',
				(body) => ({ body, headers: { 'TikTok-Signature': 'sha256=deadbeef' } }),
			],
			[
				'the signature of another body',
				(body) => ({ body, headers: signed(body.replace('publicly', 'really')) }),
			],
		];
		it.each(cases)('%s', async (name, make) => {
			const hook = await activate(['*']);
			const { body, headers } = make(PUBLIC);
			if (name.startsWith('an altered body')) expect(body).not.toBe(PUBLIC);
			const delivery = await hook.deliver(body, headers);
			expect(delivery.status).toBe(401);
			expect(delivery.text).toBe('Unauthorized');
			expect(hook.executions).toEqual([]);
			expect(hook.webhookErrors).toEqual([]);
			// Nothing remembered: the genuine delivery must still go through.
			expect(deliveries(hook)).toBeUndefined();
			const genuine = await hook.deliver(PUBLIC, signed(PUBLIC));
			expect(genuine.status).toBe(200);
			expect(hook.executions).toHaveLength(1);
		});
	});

	it('honours a custom timestamp tolerance', async () => {
		const strict = await activate(['*'], { toleranceSeconds: 60 });
		expect((await strict.deliver(PUBLIC, signed(PUBLIC, now() - 120))).status).toBe(401);
		await strict.stop();
		endpoint = await n8n.activateWebhook({
			parameters: { events: ['*'], options: { toleranceSeconds: 3600 } },
			credentials,
			workflowId: 'wf-2',
		});
		expect((await endpoint.deliver(PUBLIC, signed(PUBLIC, now() - 1800))).status).toBe(200);
		expect(endpoint.executions).toHaveLength(1);
	});

	it('drops a redelivered event (TikTok retries with a new signature), also after an n8n restart', async () => {
		const hook = await activate(['post.publish.publicly_available']);
		expect((await hook.deliver(PUBLIC, signed(PUBLIC))).execution).toBeDefined();
		const retry = await hook.deliver(PUBLIC, signed(PUBLIC, now() + 5));
		expect(retry.status).toBe(200);
		expect(retry.execution).toBeUndefined();
		expect(hook.executions).toHaveLength(1);
		const log = deliveries(hook)!;
		expect(Object.keys(log)).toHaveLength(1);
		expect(Object.keys(log)[0]).toMatch(/^[0-9a-f]{32}$/);
		await hook.stop();

		n8n = await restartTriggerN8n(n8n);
		const after = await activate(['post.publish.publicly_available']);
		const late = await after.deliver(PUBLIC, signed(PUBLIC, now() + 10));
		expect(late.status).toBe(200);
		expect(after.executions).toEqual([]);
		// A different event of the same post still runs.
		const other = eventBody('post.publish.complete', {
			publish_id: 'v_pub_file~v2-1.7602997517160123666',
			publish_type: 'DIRECT_PUBLISH',
		});
		endpoint = after;
		await after.stop();
		endpoint = await n8n.activateWebhook({ parameters: { events: ['*'] }, credentials });
		expect((await endpoint.deliver(other, signed(other))).execution?.items[0].json.event).toBe(
			'post.publish.complete',
		);
	});

	it("remembers every accepted event, not only the first (n8n keeps the execution's static data, not the call's)", async () => {
		const hook = await activate(['*']);
		const bodies = [1, 2, 3].map((n) =>
			eventBody('post.publish.complete', {
				publish_id: `v_pub_file~${n}`,
				publish_type: 'DIRECT_PUBLISH',
			}),
		);
		for (const body of bodies)
			expect((await hook.deliver(body, signed(body))).execution).toBeDefined();
		for (const body of bodies)
			expect((await hook.deliver(body, signed(body, now() + 7))).execution).toBeUndefined();
		expect(hook.executions).toHaveLength(3);
		const ids = hook.executions.map((run) => run.items[0].json.delivery_id);
		expect(Object.keys(deliveries(hook)!).sort()).toEqual([...ids].sort());
	});

	it('acknowledges unselected events with 200 and starts nothing', async () => {
		const hook = await activate(['post.publish.failed', 'authorization.removed']);
		const delivery = await hook.deliver(PUBLIC, signed(PUBLIC));
		expect(delivery.status).toBe(200);
		expect(hook.executions).toEqual([]);
		expect(deliveries(hook)).toBeUndefined();

		const removed = eventBody('authorization.removed', { reason: 1 });
		const accepted = await hook.deliver(removed, signed(removed));
		expect(accepted.execution?.items[0].json).toMatchObject({
			event: 'authorization.removed',
			content: { reason: 1 },
		});
	});

	it('takes both spellings of the no-longer-public event under one picker entry', async () => {
		const hook = await activate(['post.publish.no_longer_publicly_available']);
		const content = {
			publish_id: 'p1',
			publish_type: 'DIRECT_PUBLISH',
			post_id: '7602997517160123666',
		};
		const documented = eventBody('post.publish.no_longer_publicaly_available', content);
		const corrected = eventBody('post.publish.no_longer_publicly_available', content, {
			create_time: 1_733_000_500,
		});
		const first = await hook.deliver(documented, signed(documented));
		const second = await hook.deliver(corrected, signed(corrected));
		expect(first.execution?.items[0].json).toMatchObject({
			event: 'post.publish.no_longer_publicaly_available',
			event_type: 'post.publish.no_longer_publicly_available',
		});
		expect(second.execution?.items[0].json).toMatchObject({
			event: 'post.publish.no_longer_publicly_available',
			event_type: 'post.publish.no_longer_publicly_available',
		});
		const unrelated = eventBody('post.publish.publicly_available', content);
		expect((await hook.deliver(unrelated, signed(unrelated))).execution).toBeUndefined();
	});

	it('"Any Event" passes events the picker does not list', async () => {
		const hook = await activate(['*']);
		const legacy = eventBody('video.publish.completed', { share_id: 'video.123' });
		expect((await hook.deliver(legacy, signed(legacy))).execution?.items[0].json).toMatchObject({
			event: 'video.publish.completed',
			event_type: 'video.publish.completed',
			content: { share_id: 'video.123' },
		});
	});

	it('verifies the raw bytes as sent (whitespace, key order, unicode) and keeps int64 IDs exact', async () => {
		const hook = await activate(['*']);
		const raw = `{ "event":"post.publish.publicly_available",  "client_key":"awfaketiktokclientkey",\n "create_time":1733000000, "user_openid":"-000Ü",\n "content":"{\\"post_id\\":7602997517160123666,\\"publish_id\\":\\"p\\"}" }`;
		const delivery = await hook.deliver(Buffer.from(raw, 'utf8'), {
			...signed(raw),
			'content-type': 'application/json; charset=utf-8',
		});
		expect(delivery.status).toBe(200);
		expect(delivery.execution?.items[0].json).toMatchObject({
			user_openid: '-000Ü',
			content: { post_id: '7602997517160123666', publish_id: 'p' },
		});
	});

	it('answers 400 to a signed body that is not a JSON object, and starts nothing', async () => {
		const hook = await activate(['*']);
		const delivery = await hook.deliver('[1,2]', signed('[1,2]'));
		expect(delivery.status).toBe(400);
		expect(hook.executions).toEqual([]);
	});

	it('keeps content that is not a JSON object string as it came', async () => {
		const hook = await activate(['*']);
		const body = eventBody('post.publish.failed', 'not json');
		expect((await hook.deliver(body, signed(body))).execution?.items[0].json.content).toBe(
			'not json',
		);
	});

	it('answers quickly: the reply does not wait for the rest of the workflow', async () => {
		const hook = await activate(['*']);
		const started = Date.now();
		const delivery = await hook.deliver(PUBLIC, signed(PUBLIC));
		expect(delivery.status).toBe(200);
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});
