/**
 * TikTok New Video Trigger through n8n-core's real PollContext and PollTriggerExecutor, with
 * the workflow's static data persisted like n8n does, against the strict fake video list.
 */
import type { INodeCredentialsDetails } from 'n8n-workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeVideo } from '../fake/videos.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';
import {
	NEW_VIDEO_TRIGGER_NODE_TYPE,
	restartTriggerN8n,
	startTriggerN8n,
	type TriggerN8n,
} from '../harness/trigger.mts';

const SCOPES = ['user.info.basic', 'video.list'];
const H = 3600;

/** Puts a video on top of the user's public list, as if just posted (or just made public). */
function publish(
	env: TikTokTestEnv,
	createTime: number,
	caption = 'Fresh from n8n #new',
): FakeVideo {
	const videos = env.fake.library.videos();
	const template = videos[videos.length - 1] ?? env.fake.library.seed(1)[0];
	const id = (
		BigInt(
			videos.reduce(
				(max, v) => (BigInt(v.id) > max ? BigInt(v.id) : max),
				7_400_000_000_000_000_000n,
			),
		) + 7_919_113_777n
	).toString();
	const video: FakeVideo = {
		...template,
		id,
		create_time: createTime,
		video_description: caption,
		share_url: `https://www.tiktok.com/@demo.creator/video/${id}`,
	};
	videos.push(video);
	videos.sort((a, b) => b.create_time - a.create_time);
	return video;
}

describe('TikTok New Video Trigger (polling)', () => {
	let env: TikTokTestEnv;
	let n8n: TriggerN8n;
	let credentials: { tikTokOAuth2Api: INodeCredentialsDetails };
	let newest: number;

	beforeEach(async () => {
		env = await createTikTokTestEnv();
		n8n = await startTriggerN8n(env.store);
		credentials = await storeConnectedOAuth2(env, SCOPES);
		env.fake.library.seed(6);
		newest = env.fake.library.videos()[0].create_time;
	});
	afterEach(async () => await env.stop());

	const parameters = (extra: Record<string, unknown> = {}) => ({
		fields: ['id', 'video_description', 'create_time'],
		...extra,
	});
	const stored = () => n8n.database.nodeData('wf-tiktok-poll', 'Trigger');
	const ids = (runs: Array<{ items: Array<{ json: Record<string, unknown> }> }>) =>
		runs.flatMap((run) => run.items.map((item) => item.json.id));

	it('emits nothing on activation, then each new video exactly once', async () => {
		const poller = await n8n.activatePoller({ parameters: parameters(), credentials });
		expect(poller.executions).toEqual([]);
		expect(poller.errors).toEqual([]);
		const [list] = env.fake.requestsTo('/v2/video/list/');
		expect(list).toMatchObject({
			method: 'POST',
			query: { fields: 'id,video_description,create_time' },
			json: { max_count: 20 },
		});
		expect(stored()).toMatchObject({ watermark: newest });

		expect(await poller.tick()).toEqual([]);

		const first = publish(env, newest + H);
		const runs = await poller.tick();
		expect(runs).toHaveLength(1);
		expect(runs[0].mode).toBe('trigger');
		expect(runs[0].error).toBeUndefined();
		expect(runs[0].items).toEqual([
			{
				json: { id: first.id, video_description: 'Fresh from n8n #new', create_time: newest + H },
				pairedItem: { item: 0 },
			},
		]);
		expect(await poller.tick()).toEqual([]);

		const second = publish(env, newest + 2 * H, 'Second');
		const third = publish(env, newest + 3 * H, 'Third');
		const both = await poller.tick();
		expect(both).toHaveLength(1);
		// One execution, oldest first.
		expect(ids(both)).toEqual([second.id, third.id]);
		expect(await poller.tick()).toEqual([]);
		expect(poller.errors).toEqual([]);
	});

	it('emits each new video once across an n8n restart (static data persisted)', async () => {
		const poller = await n8n.activatePoller({ parameters: parameters(), credentials });
		const before = publish(env, newest + H);
		expect(ids(await poller.tick())).toEqual([before.id]);
		poller.deactivate();

		// Posted while n8n was down.
		const during = publish(env, newest + 2 * H);
		n8n = await restartTriggerN8n(n8n);
		const again = await n8n.activatePoller({ parameters: parameters(), credentials });
		// n8n polls once when it reactivates the workflow at startup: only the video posted meanwhile.
		expect(ids(again.executions)).toEqual([during.id]);
		expect(await again.tick()).toEqual([]);

		n8n = await restartTriggerN8n(n8n);
		const third = await n8n.activatePoller({ parameters: parameters(), credentials });
		expect(third.executions).toEqual([]);
		expect(await third.tick()).toEqual([]);
	});

	it('"Emit Existing Videos on First Run" emits the latest videos on activation, oldest first, then only new ones', async () => {
		const poller = await n8n.activatePoller({
			parameters: parameters({ options: { emitExisting: true } }),
			credentials,
		});
		const existing = env.fake.library.videos().map((v) => v.id);
		expect(ids(poller.executions)).toEqual([...existing].reverse());
		expect(await poller.tick()).toEqual([]);
		const fresh = publish(env, newest + 60);
		expect(ids(await poller.tick())).toEqual([fresh.id]);
	});

	it("in a manual test run emits the latest video and leaves the trigger's state alone", async () => {
		const run = await n8n.runManually(NEW_VIDEO_TRIGGER_NODE_TYPE, {
			parameters: parameters(),
			credentials,
			workflowId: 'wf-tiktok-poll',
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([
			{
				json: {
					id: env.fake.library.videos()[0].id,
					video_description: env.fake.library.videos()[0].video_description,
					create_time: newest,
				},
			},
		]);
		expect(env.fake.requestsTo('/v2/video/list/')[0].json).toEqual({ max_count: 1 });
		expect(stored()).toBeUndefined();
		// Activating afterwards still treats every existing video as already there.
		const poller = await n8n.activatePoller({ parameters: parameters(), credentials });
		expect(poller.executions).toEqual([]);
	});

	it('outputs only the chosen fields (the ID always, as a string)', async () => {
		const poller = await n8n.activatePoller({
			parameters: { fields: ['share_url', 'view_count'] },
			credentials,
		});
		const fresh = publish(env, newest + H);
		const [run] = await poller.tick();
		expect(run.items[0].json).toEqual({
			id: fresh.id,
			share_url: fresh.share_url,
			view_count: fresh.view_count,
		});
		// create_time is always asked for: it decides what is new.
		expect(env.fake.requestsTo('/v2/video/list/').at(-1)?.query.fields).toBe(
			'id,share_url,view_count,create_time',
		);
	});

	it('reports a video that becomes public after newer ones were seen, within 48 h, but never older ones', async () => {
		const poller = await n8n.activatePoller({ parameters: parameters(), credentials });
		const newer = publish(env, newest + 5 * H);
		expect(ids(await poller.tick())).toEqual([newer.id]);
		// Uploaded earlier, public only now (moderation): listed below the newer one.
		const late = publish(env, newest + 2 * H, 'Late');
		// Old video surfacing (e.g. made public a month later): outside the window.
		const ancient = publish(env, newest - 30 * 24 * H, 'Ancient');
		expect(ids(await poller.tick())).toEqual([late.id]);
		expect(ancient).toBeDefined();
		expect(await poller.tick()).toEqual([]);
	});

	it('follows has_more through short pages', async () => {
		const poller = await n8n.activatePoller({ parameters: parameters(), credentials });
		const fresh = [1, 2, 3, 4, 5].map((i) => publish(env, newest + i * H, `New ${i}`));
		env.fake.library.pageSizes = [2, 2, 2, 2];
		const before = env.fake.requestsTo('/v2/video/list/').length;
		const [run] = await poller.tick();
		expect(ids([run])).toEqual(fresh.map((v) => v.id));
		const pages = env.fake.requestsTo('/v2/video/list/').slice(before);
		expect(pages.length).toBeGreaterThanOrEqual(3);
		expect(pages[1].json).toMatchObject({ max_count: 20, cursor: expect.any(Number) });
	});

	it('works with the Refresh Token credential, persisting the rotated token across a restart', async () => {
		const refresh = await storeRefreshTokenCredential(env, SCOPES);
		const options = {
			parameters: parameters({ authentication: 'refreshToken' }),
			credentials: refresh,
			workflowId: 'wf-refresh',
		};
		const poller = await n8n.activatePoller(options);
		expect(poller.errors).toEqual([]);
		const fresh = publish(env, newest + H);
		expect(ids(await poller.tick())).toEqual([fresh.id]);
		expect(env.fake.rotations).toBe(1);
		n8n = await restartTriggerN8n(n8n);
		env.fake.expireAllAccessTokens();
		const again = await n8n.activatePoller(options);
		expect(again.executions).toEqual([]);
		expect(again.errors).toEqual([]);
		expect(env.fake.rotations).toBe(2);
	});

	it('a failed poll reports the error, starts nothing and keeps the state', async () => {
		const poller = await n8n.activatePoller({ parameters: parameters(), credentials });
		const state = JSON.stringify(stored());
		publish(env, newest + H);
		env.fake.injectFault(
			'POST',
			'/v2/video/list/',
			1,
			env.fake.envelope(400, 'scope_not_authorized', 'The user did not authorize the scope.'),
		);
		expect(await poller.tick()).toEqual([]);
		expect(poller.errors).toHaveLength(1);
		expect(poller.errors[0].message).toMatch(/scope|authori/i);
		poller.deactivate();
		expect(JSON.stringify(stored())).toBe(state);
		// The next tick catches up.
		expect(await poller.tick()).toHaveLength(1);
	});

	it('refuses an unknown field before calling TikTok, naming the parameter', async () => {
		await expect(
			n8n.activatePoller({ parameters: { fields: ['id', 'plays'] }, credentials }),
		).rejects.toThrow(/Unknown video field\(s\) in "Fields": plays/);
		expect(env.fake.requestsTo('/v2/video/list/')).toEqual([]);
	});
});
