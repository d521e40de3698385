/**
 * The example workflows of examples/ in the real n8n: each file imported as a user would (its
 * nodes and connections saved through n8n's REST API), with only what its sticky note tells the
 * user to set changed (the credential in each TikTok node, the video URLs, the folder it writes
 * to), then executed against the TikTok emulator and its outcome checked: the posts TikTok
 * received, the webhook's answers, the trigger's branches, the CSV files on disk.
 *
 * A Schedule Trigger runs as the editor's "Execute workflow" runs it: POST /rest/workflows/<id>/run
 * from that trigger (n8n fires it once).
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import axios from 'axios';

import type { N8nRest } from './n8n.mts';
import { type CredentialRef, manualWorkflow, tikTokNode, type WorkflowBody } from './workflows.mts';

const EXAMPLES_DIR = resolve(import.meta.dirname, '../../examples');
/** The type prefix of this package's nodes in an installed package; the e2e n8n loads them as CUSTOM. */
const PACKAGE_PREFIX = 'n8n-nodes-tiktok-api.';
const LOADED_PREFIX = 'CUSTOM.';

interface Execution {
	id: string;
	status: string;
	runData: Record<string, unknown[]>;
}

/** What the suite's driver (run.mts) lends these scenarios. */
export interface ExampleContext {
	scenario: (name: string, body: () => Promise<string>) => Promise<boolean>;
	control: <T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>;
	connectOAuth2: (name: string, scope: string) => Promise<{ credential: CredentialRef }>;
	businessAnalyticsCredential: (name: string) => Promise<{ credential: CredentialRef }>;
	createWorkflow: (body: WorkflowBody, activate: boolean) => Promise<{ id: string; path?: string }>;
	runManually: (workflow: { id: string }) => Promise<Execution>;
	executionIds: (workflowId: string) => Promise<number[]>;
	finishedExecution: (workflowId: string, after: number) => Promise<Execution>;
	// Methods, so that the driver's richer execution type is accepted.
	outputOf(execution: Execution, nodeName: string): Array<Record<string, unknown>>;
	errorOf(execution: Execution, nodeName: string): { message: string; description: string };
	rest: N8nRest;
	n8nBaseUrl: string;
	/** A folder n8n may write to (N8N_RESTRICT_FILE_ACCESS_TO). */
	mediaDir: string;
	scopes: string;
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string | null; name: string }>;
	webhookId?: string;
}

/**
 * examples/<file> as the user imports it, with the changes its sticky note asks for:
 * `credentials` for each credential type its TikTok nodes name, and `replace` for text the user
 * replaces (each must be found: an example that changed under the suite fails it).
 */
function importExample(
	file: string,
	credentials: Partial<Record<CredentialRef['type'], CredentialRef>>,
	replace: Array<[string, string]> = [],
): WorkflowBody & { nodes: ExampleNode[] } {
	let text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
	for (const [from, to] of replace) {
		assert(text.includes(from), `${file} no longer contains ${JSON.stringify(from)}`);
		text = text.split(from).join(to);
	}
	const workflow = JSON.parse(text) as WorkflowBody & { nodes: ExampleNode[] };
	const own = workflow.nodes.filter((node) => node.type.startsWith(PACKAGE_PREFIX));
	assert(own.length, `${file} has no ${PACKAGE_PREFIX}* node`);
	for (const node of own) {
		node.type = LOADED_PREFIX + node.type.slice(PACKAGE_PREFIX.length);
		for (const [type, placeholder] of Object.entries(node.credentials ?? {})) {
			const credential = credentials[type as CredentialRef['type']];
			assert(credential, `${file}: no e2e credential for the ${type} of ${node.name}`);
			assert(placeholder.id === null, `${file}: ${node.name} carries a credential id`);
			node.credentials![type] = { id: credential.id, name: credential.name };
		}
	}
	return workflow;
}

/** A tiny CSV reader (RFC 4180 quoting) for the files the report examples write. */
function parseCsv(file: string): string[][] {
	// n8n's Convert to File may start the file with a byte order mark.
	const text = file.replace(/^\uFEFF/, '');
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else field += c;
	}
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

export async function runExampleScenarios(ctx: ExampleContext): Promise<void> {
	const { scenario, control, outputOf, errorOf } = ctx;
	let developers: CredentialRef | undefined;
	const developersCredential = async () =>
		(developers ??= (await ctx.connectOAuth2('TikTok account (e2e examples)', ctx.scopes))
			.credential);
	const mediaVideos = async () =>
		(await control<{ files: string[] }>('GET', 'media')).files.filter((url) =>
			/\.(mp4|mov|webm)$/i.test(url),
		);
	const publishes = async () =>
		(
			await control<{
				publishes: Array<{ publishId: string; mode: string; source: string }>;
			}>('GET', 'state')
		).publishes;
	const failure = (execution: Execution, nodes: string[]) =>
		nodes
			.map((node) => ({ node, ...errorOf(execution, node) }))
			.filter((e) => e.message)
			.map((e) => `${e.node}: ${e.message} — ${e.description}`)
			.join('; ');
	/** "Execute workflow" from a trigger node (a Schedule Trigger fires once), as the editor does it. */
	const runFrom = async (workflowId: string, trigger: string): Promise<Execution> => {
		const before = (await ctx.executionIds(workflowId))[0] ?? 0;
		const run = await ctx.rest.call<{ executionId?: string }>(
			'POST',
			`/rest/workflows/${workflowId}/run`,
			{ triggerToStartFrom: { name: trigger } },
		);
		assert(run.executionId, `n8n did not start an execution: ${JSON.stringify(run)}`);
		return await ctx.finishedExecution(workflowId, before);
	};
	const reportsDir = join(ctx.mediaDir, 'example-reports');
	mkdirSync(reportsDir, { recursive: true });
	const writeTo: [string, string] = ['=/home/node/.n8n-files/', `=${reportsDir}/`];

	await scenario(
		'Example post-new-clips-from-url-list.json: Schedule run posts each listed clip as a direct post, waits for TikTok, composes a message each; a second run posts nothing (only new clips)',
		async () => {
			const credential = await developersCredential();
			const [first, second] = await mediaVideos();
			assert(first && second, 'the emulator media host serves fewer than two videos');
			const wf = await ctx.createWorkflow(
				importExample('post-new-clips-from-url-list.json', { tikTokOAuth2Api: credential }, [
					['https://media.example.com/clips/morning-routine.mp4', first],
					['https://media.example.com/clips/desk-setup.mp4', second],
				]),
				false,
			);
			const known = new Set((await publishes()).map((p) => p.publishId));
			const execution = await runFrom(wf.id, 'Every day at 9:00');
			assert(
				execution.status === 'success',
				`execution ${execution.id} ${execution.status}: ${failure(execution, ['Clip list', 'Only new clips', 'Post to TikTok'])}`,
			);
			const posted = outputOf(execution, 'Post to TikTok');
			const created = (await publishes()).filter((p) => !known.has(p.publishId));
			assert(
				posted.length === 2 && posted.every((p) => p.status === 'PUBLISH_COMPLETE'),
				`Post to TikTok output ${JSON.stringify(posted)}`,
			);
			assert(
				created.length === 2 &&
					created.every((p) => p.mode === 'DIRECT_POST' && p.source === 'PULL_FROM_URL') &&
					JSON.stringify(created.map((p) => p.publishId).sort()) ===
						JSON.stringify(posted.map((p) => p.publish_id).sort()),
				`new publishes at TikTok ${JSON.stringify(created)}`,
			);
			const messages = outputOf(execution, 'Notify: published').map((m) => String(m.message));
			assert(
				messages.length === 2 &&
					messages[0].startsWith('Posted to TikTok: ') &&
					messages[1].startsWith('Posted to TikTok: ') &&
					messages.every((m, i) => m.includes(String(posted[i].publish_id))),
				`messages ${JSON.stringify(messages)}`,
			);
			assert(
				!execution.runData['Notify: not published'],
				'the "not published" branch ran for a published post',
			);
			const again = await runFrom(wf.id, 'Every day at 9:00');
			assert(
				again.status === 'success' &&
					outputOf(again, 'Only new clips').length === 0 &&
					!again.runData['Post to TikTok'],
				`second run ${again.id} ${again.status}: Only new clips passed ${outputOf(again, 'Only new clips').length} item(s)`,
			);
			const after = (await publishes()).length - known.size;
			assert(after === 2, `${after} publishes after the second run, expected still 2`);
			return `run #${execution.id}: 2 direct posts from URLs (${created.map((p) => p.publishId).join(', ')}), messages ${JSON.stringify(messages)}; run #${again.id}: nothing new, nothing posted`;
		},
	);

	await scenario(
		"Example webhook-to-draft-post.json: POST a video URL -> 200 with the draft publish ID (an inbox draft at TikTok); no URL -> 400; an unverified URL -> 502 with TikTok's reason",
		async () => {
			const credential = await developersCredential();
			const [video] = await mediaVideos();
			const example = importExample('webhook-to-draft-post.json', {
				tikTokOAuth2Api: credential,
			});
			const webhook = example.nodes.find((node) => node.type === 'n8n-nodes-base.webhook');
			const wf = await ctx.createWorkflow(example, true);
			const url = `${ctx.n8nBaseUrl}/webhook/${String(webhook?.parameters.path)}`;
			const post = async (body: unknown) => {
				for (const deadline = Date.now() + 30_000; ; ) {
					const res = await axios.post(url, body, {
						proxy: false,
						timeout: 120_000,
						validateStatus: () => true,
					});
					if (res.status !== 404 || Date.now() > deadline) return res;
					await new Promise((r) => setTimeout(r, 1000));
				}
			};
			const known = new Set((await publishes()).map((p) => p.publishId));
			const sent = await post({ videoUrl: video });
			const created = (await publishes()).filter((p) => !known.has(p.publishId));
			assert(
				sent.status === 200 &&
					typeof sent.data?.publishId === 'string' &&
					created.length === 1 &&
					created[0].publishId === sent.data.publishId &&
					created[0].mode === 'INBOX' &&
					created[0].source === 'PULL_FROM_URL',
				`answer HTTP ${sent.status} ${JSON.stringify(sent.data)}; new publishes ${JSON.stringify(created)}`,
			);
			const missing = await post({ caption: 'no video' });
			assert(
				missing.status === 400 && /videoUrl/.test(String(missing.data?.error)),
				`without a URL: HTTP ${missing.status} ${JSON.stringify(missing.data)}`,
			);
			const refused = await post({ videoUrl: 'https://unverified.example.org/clip.mp4' });
			assert(
				refused.status === 502 &&
					/verif/i.test(String(refused.data?.error)) &&
					/unverified\.example\.org|URL prefix/i.test(String(refused.data?.details)),
				`unverified URL: HTTP ${refused.status} ${JSON.stringify(refused.data)}`,
			);
			const total = (await publishes()).length - known.size;
			assert(total === 1, `${total} publishes at TikTok after the three calls, expected 1`);
			const executions = await ctx.executionIds(wf.id);
			return `draft ${String(sent.data.publishId)} (${created[0].mode}, ${created[0].source}) answered ${JSON.stringify(sent.data)}; no URL: HTTP 400 ${JSON.stringify(missing.data)}; unverified: HTTP 502 ${JSON.stringify(refused.data)}; ${executions.length} executions`;
		},
	);

	await scenario(
		'Example trigger-on-publish-outcome.json: a signed post.publish.complete runs the Published branch (Get Status -> the post link); a signed post.publish.failed runs the Failed branch with the reason',
		async () => {
			const credential = await developersCredential();
			const client = await control<{ clientSecret: string }>('GET', 'client');
			const [video] = await mediaVideos();
			// A real post for the event to name: a public direct post that TikTok gives a post ID.
			const postId = '7300000000000000555';
			await control('POST', 'next-publish-outcome', {
				final: 'PUBLISH_COMPLETE',
				pollsUntilDone: 1,
				postIds: [postId],
			});
			const poster = await ctx.createWorkflow(
				manualWorkflow(
					'e2e examples: a post for the trigger',
					tikTokNode(
						'TikTok',
						credential,
						{
							resource: 'post',
							operation: 'createVideo',
							source: 'url',
							videoUrl: video,
							mode: 'directPost',
							caption: 'Trigger example',
							privacyLevel: 'PUBLIC_TO_EVERYONE',
							options: { waitForCompletion: true, waitTimeout: 60 },
						},
						300,
					),
				),
				false,
			);
			const posted = await ctx.runManually(poster);
			const [post] = outputOf(posted, 'TikTok');
			assert(
				posted.status === 'success' && typeof post?.publish_id === 'string',
				`the post for the trigger: ${posted.status} ${JSON.stringify(post)} ${failure(posted, ['TikTok'])}`,
			);
			const publishId = post.publish_id as string;

			const example = importExample('trigger-on-publish-outcome.json', {
				tikTokOAuth2Api: credential,
			});
			const trigger = example.nodes.find((node) => node.name === 'TikTok Trigger');
			assert(trigger?.webhookId, 'the TikTok Trigger has no webhookId');
			const wf = await ctx.createWorkflow(example, true);
			const url = `${ctx.n8nBaseUrl}/webhook/${trigger.webhookId}/webhook`;
			const send = async (event: string, content: Record<string, unknown>) => {
				const t = Math.floor(Date.now() / 1000);
				const raw = JSON.stringify({
					client_key: 'e2e',
					event,
					create_time: t,
					user_openid: '-000OpenIdOfTheDemoCreator',
					content: JSON.stringify(content),
				});
				const signature = `t=${t},s=${createHmac('sha256', client.clientSecret).update(`${t}.${raw}`).digest('hex')}`;
				const before = (await ctx.executionIds(wf.id))[0] ?? 0;
				for (const deadline = Date.now() + 30_000; ; ) {
					const res = await axios.post(url, raw, {
						proxy: false,
						timeout: 30_000,
						headers: { 'content-type': 'application/json', 'tiktok-signature': signature },
						transformRequest: [(data: unknown) => data],
						validateStatus: () => true,
					});
					if (res.status === 200) break;
					assert(res.status === 404 && Date.now() < deadline, `${event}: HTTP ${res.status}`);
					await new Promise((r) => setTimeout(r, 1000));
				}
				return await ctx.finishedExecution(wf.id, before);
			};

			const complete = await send('post.publish.complete', {
				publish_id: publishId,
				publish_type: 'DIRECT_PUBLISH',
			});
			assert(
				complete.status === 'success',
				`complete: execution ${complete.id} ${complete.status}: ${failure(complete, ['Get published post'])}`,
			);
			const [status] = outputOf(complete, 'Get published post');
			const [published] = outputOf(complete, 'Notify: published');
			assert(
				status?.status === 'PUBLISH_COMPLETE' &&
					JSON.stringify(status.post_ids) === JSON.stringify([postId]) &&
					typeof status.post_url === 'string' &&
					String(published?.message) === `TikTok published ${publishId}: ${status.post_url}` &&
					!complete.runData['Notify: failed'],
				`complete: Get Status ${JSON.stringify(status)}, message ${JSON.stringify(published)}`,
			);

			const failedId = 'v_pub_url~v2-1.7300000000000000999';
			const failed = await send('post.publish.failed', {
				publish_id: failedId,
				reason: 'file_format_check_failed',
				publish_type: 'DIRECT_PUBLISH',
			});
			const [notice] = outputOf(failed, 'Notify: failed');
			assert(
				failed.status === 'success' &&
					String(notice?.message) ===
						`TikTok could not publish ${failedId}: file_format_check_failed` &&
					!failed.runData['Get published post'],
				`failed: execution ${failed.id} ${failed.status}, message ${JSON.stringify(notice)}`,
			);
			return `complete -> #${complete.id}: "${String(published.message)}"; failed -> #${failed.id}: "${String(notice.message)}"`;
		},
	);

	await scenario(
		'Example weekly-video-report-csv.json: Schedule run lists every video and writes a CSV with one row per video, counts included',
		async () => {
			const credential = await developersCredential();
			const seeded = (await control<{ ids: string[] }>('POST', 'seed-videos', { count: 3 })).ids;
			const wf = await ctx.createWorkflow(
				importExample('weekly-video-report-csv.json', { tikTokOAuth2Api: credential }, [writeTo]),
				false,
			);
			const execution = await runFrom(wf.id, 'Every Monday at 8:00');
			assert(
				execution.status === 'success',
				`execution ${execution.id} ${execution.status}: ${failure(execution, ['List my videos', 'Convert to CSV', 'Save CSV to disk'])}`,
			);
			const videos = outputOf(execution, 'List my videos');
			const [saved] = outputOf(execution, 'Save CSV to disk');
			const path = String(saved?.fileName);
			assert(path.startsWith(`${reportsDir}/tiktok-videos-`), `saved to ${path}`);
			const [header, ...rows] = parseCsv(readFileSync(path, 'utf8')).filter((r) => r.join(''));
			assert(
				header.join(',') === 'video_id,posted_on,caption,views,likes,comments,shares,link',
				`CSV header ${JSON.stringify(header)}`,
			);
			assert(
				rows.length === videos.length &&
					rows.every(
						(row, i) =>
							row[0] === videos[i].id &&
							row[3] === String(videos[i].view_count) &&
							row[4] === String(videos[i].like_count) &&
							/^\d{4}-\d{2}-\d{2}$/.test(row[1]),
					),
				`${rows.length} CSV rows for ${videos.length} videos: ${JSON.stringify(rows.slice(0, 2))} vs ${JSON.stringify(videos.slice(0, 2))}`,
			);
			const listed = rows.map((row) => row[0]).filter((id) => seeded.includes(id));
			assert(
				JSON.stringify(listed) === JSON.stringify(seeded),
				`seeded ${JSON.stringify(seeded)}, in the CSV ${JSON.stringify(listed)}`,
			);
			return `${rows.length} rows in ${path.split('/').pop()}, e.g. ${rows[0].join(',')}`;
		},
	);

	await scenario(
		'Example weekly-business-insights-csv.json: Schedule run writes the last 7 days of insights (7 rows) and every video with its metrics as two CSV files',
		async () => {
			// The suite's Business credential from a refresh token, with the analytics scopes.
			const { credential } = await ctx.businessAnalyticsCredential(
				'TikTok Business account (e2e examples)',
			);
			const seeded = (
				await control<{ ids: string[] }>('POST', 'business/seed-videos', { count: 4 })
			).ids;
			const wf = await ctx.createWorkflow(
				importExample(
					'weekly-business-insights-csv.json',
					{ tikTokBusinessOAuth2Api: credential },
					[writeTo],
				),
				false,
			);
			const execution = await runFrom(wf.id, 'Every Monday at 8:00');
			assert(
				execution.status === 'success',
				`execution ${execution.id} ${execution.status}: ${failure(execution, ['Account insights', 'Video metrics', 'Save insights CSV', 'Save videos CSV'])}`,
			);
			const read = (node: string) => {
				const path = String(outputOf(execution, node)[0]?.fileName);
				assert(path.startsWith(`${reportsDir}/`), `${node} saved to ${path}`);
				return parseCsv(readFileSync(path, 'utf8')).filter((r) => r.join(''));
			};
			const day = (offset: number) =>
				new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
			const [insightsHeader, ...days] = read('Save insights CSV');
			const dateColumn = insightsHeader.indexOf('date');
			const viewsColumn = insightsHeader.indexOf('video_views');
			assert(
				dateColumn >= 0 &&
					viewsColumn >= 0 &&
					JSON.stringify(days.map((row) => row[dateColumn])) ===
						JSON.stringify([-7, -6, -5, -4, -3, -2, -1].map(day)) &&
					days.every((row) => /^\d+$/.test(row[viewsColumn])),
				`insights CSV ${JSON.stringify(insightsHeader)}: ${JSON.stringify(days.map((row) => row[dateColumn]))}, ${JSON.stringify(days.slice(0, 2))}`,
			);
			const [videosHeader, ...videoRows] = read('Save videos CSV');
			const idColumn = videosHeader.indexOf('item_id');
			const listed = videoRows.map((row) => row[idColumn]).filter((id) => seeded.includes(id));
			assert(
				idColumn >= 0 &&
					JSON.stringify(listed) === JSON.stringify(seeded) &&
					videoRows.length === outputOf(execution, 'Video metrics').length,
				`videos CSV ${videosHeader.join(',')}: ${videoRows.length} rows, seeded ${JSON.stringify(seeded)} listed ${JSON.stringify(listed)}`,
			);
			return `insights CSV: ${days.length} rows (${insightsHeader.join(',')}); videos CSV: ${videoRows.length} rows (${videosHeader.join(',')})`;
		},
	);
}
