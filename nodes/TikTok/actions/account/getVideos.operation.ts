import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { businessApiRequestAllItems } from '../../business/api';
import {
	BUSINESS_VIDEO_FIELDS,
	parseFieldChoice,
	scopesForFields,
} from '../../helpers/businessFields';
import { parseVideoIdsOrUrls } from '../../helpers/videoId';
import { limitProperty, returnAllProperty } from '../common/descriptions';
import { readLimit } from '../common/parameters';
import { readInput } from './common';

/** The largest page business/video/list/ returns (max_count 1–20). */
export const MAX_BUSINESS_VIDEOS_PER_PAGE = 20;
/** TikTok documents no maximum for filters.video_ids; one page's worth is the package's cap. */
export const MAX_FILTER_VIDEO_IDS = 20;

export const DEFAULT_BUSINESS_VIDEO_FIELDS = [
	'item_id',
	'create_time',
	'caption',
	'share_url',
	'video_views',
	'reach',
	'likes',
	'comments',
	'shares',
];

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: BUSINESS_VIDEO_FIELDS.map(({ name, value, description }) => ({
			name,
			value,
			description,
		})),
		default: [...DEFAULT_BUSINESS_VIDEO_FIELDS],
		description:
			'Video details (scope video.list) and lifetime metrics (scope video.insights) to return. The video ID is always included.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Video IDs',
				name: 'videoIds',
				type: 'string',
				default: '',
				placeholder:
					'e.g. 7300000000000000001, https://www.tiktok.com/@user/video/7300000000000000002',
				description: `Only these videos of the connected account: up to ${MAX_FILTER_VIDEO_IDS} IDs or tiktok.com video links, separated by commas`,
			},
		],
	},
];

const displayOptions = { show: { resource: ['account'], operation: ['getVideos'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The account's videos with per-video metrics (`GET business/video/list/`), newest first. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex, 'videos');
	const fields = readInput(this, itemIndex, () =>
		parseFieldChoice(
			this.getNodeParameter('fields', itemIndex, DEFAULT_BUSINESS_VIDEO_FIELDS),
			BUSINESS_VIDEO_FIELDS,
			['item_id'],
		),
	);
	const videoIds = readVideoIdFilter.call(this, itemIndex);

	const qs: IDataObject = { fields: JSON.stringify(fields) };
	if (videoIds) qs.filters = JSON.stringify({ video_ids: videoIds });
	const videos = await businessApiRequestAllItems.call(
		this,
		{
			method: 'GET',
			path: 'business/video/list/',
			qs,
			itemIndex,
			scope: 'video.list',
			idempotent: true,
			operation: 'getVideos',
			fieldScopes: scopesForFields(fields, BUSINESS_VIDEO_FIELDS),
		},
		'videos',
		limit,
		MAX_BUSINESS_VIDEOS_PER_PAGE,
		'item_id',
	);
	return videos.map((video) => ({
		json: toOutputBusinessVideo(video),
		pairedItem: { item: itemIndex },
	}));
}

/** Option "Video IDs" as the IDs to filter by, or undefined when not set; refused before any call. */
function readVideoIdFilter(this: IExecuteFunctions, itemIndex: number): string[] | undefined {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const raw = options.videoIds;
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return undefined;
	const ids = readInput(this, itemIndex, () => parseVideoIdsOrUrls(raw), 'Option "Video IDs"');
	if (ids.length > MAX_FILTER_VIDEO_IDS) {
		throw new NodeOperationError(
			this.getNode(),
			`Option "Video IDs" has ${ids.length} videos; at most ${MAX_FILTER_VIDEO_IDS} are allowed`,
			{
				itemIndex,
				description: `Split them over several items (each runs its own list), or remove the option to list every video.`,
			},
		);
	}
	return ids;
}

/**
 * One video as output: item_id as text with all its digits, and create_time as a number of
 * Unix seconds (TikTok sends text here; Video > Get Many outputs a number).
 */
export function toOutputBusinessVideo(video: IDataObject): IDataObject {
	const output = { ...video };
	if (output.item_id !== undefined && output.item_id !== null)
		output.item_id = String(output.item_id);
	const createTime = output.create_time;
	if (typeof createTime === 'string' && /^\d{1,15}$/.test(createTime.trim()))
		output.create_time = Number(createTime.trim());
	return output;
}
