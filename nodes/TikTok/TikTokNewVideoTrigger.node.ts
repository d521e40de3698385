import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { authenticationProperty } from './actions/common.descriptions';
import { CREDENTIAL_OAUTH2, CREDENTIAL_REFRESH_TOKEN } from './helpers/constants';
import { DEFAULT_VIDEO_FIELDS, fieldsProperty, MAX_VIDEOS_PER_REQUEST, toOutputVideo, VIDEO_FIELDS } from './actions/video/common';
import {
	FIRST_RUN_EMIT_LIMIT,
	type ListedVideo,
	MAX_PAGES_PER_POLL,
	type NewVideoState,
	planPoll,
	scanComplete,
} from './helpers/newVideos';
import { tikTokApiRequest } from './transport';

interface PollOptions {
	emitExisting?: boolean;
}

const KNOWN_FIELDS = new Set(VIDEO_FIELDS.map((field) => field.value));

export class TikTokNewVideoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok New Video Trigger',
		name: 'tikTokNewVideoTrigger',
		icon: { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'New public video',
		description: 'Starts the workflow when a new public video appears on the connected TikTok account',
		defaults: { name: 'TikTok New Video Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
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

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const chosen = readFields.call(this);
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

		const videos = new Map<string, IDataObject>();
		const scanned: ListedVideo[] = [];
		let body: IDataObject = { max_count: MAX_VIDEOS_PER_REQUEST };
		for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
			const data = await listPage.call(this, requested, body);
			for (const video of (data.videos as IDataObject[] | undefined) ?? []) {
				const id = String(video.id ?? '');
				if (!id || videos.has(id)) continue;
				videos.set(id, video);
				scanned.push({ id, createTime: Number(video.create_time) || 0 });
			}
			if (scanComplete(state, scanned, emitExisting)) break;
			// TikTok pages can be short while has_more is true: follow has_more, never the page size.
			if (!data.has_more || data.cursor === undefined || data.cursor === null || data.cursor === body.cursor) break;
			body = { ...body, cursor: data.cursor };
		}

		const plan = planPoll(state, scanned, emitExisting);
		staticData.watermark = plan.state.watermark;
		staticData.seen = plan.state.seen;
		if (plan.newIds.length === 0) return null;
		return [plan.newIds.map((id) => output(videos.get(id)!))];
	}
}

async function listPage(this: IPollFunctions, fields: string, body: IDataObject): Promise<IDataObject> {
	return await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/v2/video/list/',
		qs: { fields },
		body,
		scope: 'video.list',
		idempotent: true,
	});
}

/** The "Fields" picker, as in Video > Get Many: known names only, the ID always included. */
function readFields(this: IPollFunctions): string[] {
	const value = this.getNodeParameter('fields', DEFAULT_VIDEO_FIELDS) as unknown;
	const fields = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	const chosen = fields.map((field) => field.trim()).filter((field) => field !== '');
	const unknown = chosen.filter((field) => !KNOWN_FIELDS.has(field));
	if (unknown.length) {
		throw new NodeOperationError(this.getNode(), `Unknown video field(s) in "Fields": ${unknown.join(', ')}`, {
			description: `Choose from: ${[...KNOWN_FIELDS].join(', ')}.`,
		});
	}
	return [...new Set(['id', ...chosen])];
}

function isRecord(value: unknown): boolean {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
