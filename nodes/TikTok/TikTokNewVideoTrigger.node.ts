import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { authenticationProperty } from './actions/common/descriptions';
import { CREDENTIAL_OAUTH2, CREDENTIAL_REFRESH_TOKEN } from './auth/endpoints';
import {
	DEFAULT_VIDEO_FIELDS,
	fieldsProperty,
	MAX_VIDEOS_PER_REQUEST,
	parseVideoFields,
	toOutputVideo,
} from './actions/common/videoFields';
import {
	FIRST_RUN_EMIT_LIMIT,
	type ListedVideo,
	MAX_PAGES_PER_POLL,
	type NewVideoState,
	planPoll,
	scanComplete,
} from './triggers/newVideos';
import { collectCursorList, withCursor } from './helpers/paging';
import { tikTokApiRequest } from './developers/api';
import { DEFAULT_POLICIES, type Policies, withPolicies } from './transport/policies';
import { MAIN_CONNECTION, POLL_NEEDS, requiringN8n } from './compat/n8nVersion';

interface PollOptions {
	emitExisting?: boolean;
}

export class TikTokNewVideoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok New Video Trigger',
		name: 'tikTokNewVideoTrigger',
		icon: { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New public video',
		description:
			'Starts the workflow when a new public video appears on the connected TikTok account',
		defaults: { name: 'TikTok New Video Trigger' },
		polling: true,
		inputs: [],
		outputs: [MAIN_CONNECTION],
		credentials: [
			{
				name: CREDENTIAL_OAUTH2,
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: CREDENTIAL_REFRESH_TOKEN,
				required: true,
				displayOptions: { show: { authentication: ['refreshToken'] } },
			},
		],
		properties: [
			authenticationProperty(),
			{
				displayName:
					'Each new public video starts the workflow once. The first poll after activation only notes the videos already there. Needs the video.list scope. Videos that become public more than 48 hours after upload are not reported.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			fieldsProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Emit Existing Videos on First Run',
						name: 'emitExisting',
						type: 'boolean',
						default: false,
						description: `Whether the first poll after activation also emits the account's latest videos (up to ${FIRST_RUN_EMIT_LIMIT}) instead of only noting them`,
					},
				],
			},
		],
	};

	readonly poll: (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

	/** n8n constructs the node without arguments; tests pass policies with shorter waits. */
	constructor(policies: Policies = DEFAULT_POLICIES) {
		// n8n calls `poll` with its context as `this`: it binds this instance's policies to it.
		this.poll = withPolicies(policies, requiringN8n(POLL_NEEDS, pollNewVideos));
	}
}

async function pollNewVideos(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const chosen = parseVideoFields(
		this.getNode(),
		this.getNodeParameter('fields', DEFAULT_VIDEO_FIELDS),
	);
	// create_time drives the new-video window: always asked for, output only when chosen.
	const requested = [...new Set([...chosen, 'create_time'])].join(',');
	const output = (video: IDataObject): INodeExecutionData => {
		const json = toOutputVideo(video);
		if (!chosen.includes('create_time')) delete json.create_time;
		return { json };
	};

	// "Fetch Test Event" in the editor: show the latest video, leave the trigger's state alone.
	if (this.getMode() === 'manual') {
		const data = await listPage.call(this, requested, { max_count: 1 });
		const latest = ((data.videos as IDataObject[] | undefined) ?? [])[0];
		return latest ? [[output(latest)]] : null;
	}

	const options = this.getNodeParameter('options', {}) as PollOptions;
	const emitExisting = Boolean(options.emitExisting);
	const staticData = this.getWorkflowStaticData('node');
	const state: NewVideoState = {
		watermark: typeof staticData.watermark === 'number' ? staticData.watermark : undefined,
		seen: isRecord(staticData.seen) ? (staticData.seen as Record<string, number>) : undefined,
	};

	// Newest first, until the scan reaches what the last poll saw.
	const listed = await collectCursorList(
		async (page) =>
			await listPage.call(this, requested, withCursor({ max_count: page.pageSize }, page.cursor)),
		{
			listKey: 'videos',
			maxPageSize: MAX_VIDEOS_PER_REQUEST,
			uniqueKey: 'id',
			maxPages: MAX_PAGES_PER_POLL,
			enough: (items) => scanComplete(state, toListedVideos(items), emitExisting),
		},
	);
	const videos = new Map(listed.map((video) => [String(video.id ?? ''), video]));
	const scanned = toListedVideos(listed);
	const plan = planPoll(state, scanned, emitExisting);
	staticData.watermark = plan.state.watermark;
	staticData.seen = plan.state.seen;
	if (plan.newIds.length === 0) return null;
	return [plan.newIds.map((id) => output(videos.get(id)!))];
}

/** The videos a poll scanned, in TikTok's order; an answer without an ID cannot be followed. */
function toListedVideos(videos: IDataObject[]): ListedVideo[] {
	return videos
		.map((video) => ({ id: String(video.id ?? ''), createTime: Number(video.create_time) || 0 }))
		.filter((video) => video.id !== '');
}

async function listPage(
	this: IPollFunctions,
	fields: string,
	body: IDataObject,
): Promise<IDataObject> {
	return await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/v2/video/list/',
		qs: { fields },
		body,
		scope: 'video.list',
		idempotent: true,
	});
}

function isRecord(value: unknown): boolean {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
