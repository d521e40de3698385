import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { tikTokApiRequestAllItems } from '../../developers/api';
import { limitProperty, returnAllProperty } from '../common/descriptions';
import { readLimit } from '../common/parameters';
import {
	fieldsProperty,
	MAX_VIDEOS_PER_REQUEST,
	readVideoFields,
	toOutputVideo,
} from '../common/videoFields';

/** Any epoch in milliseconds after early 1973 is at least this; seconds stay far below it. */
const SMALLEST_MILLISECOND_CURSOR = 100_000_000_000;

const properties: INodeProperties[] = [
	returnAllProperty,
	limitProperty,
	fieldsProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Published Before (Cursor)',
				name: 'cursor',
				type: 'number',
				default: 0,
				placeholder: 'e.g. 1732000000000',
				description:
					"List only videos posted before this moment, as a UTC Unix epoch in milliseconds (TikTok's cursor). For example, a video's Create Time × 1000 continues the list after that video. 0 starts from the newest.",
			},
		],
	},
];

const displayOptions = { show: { resource: ['video'], operation: ['getAll'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Lists the connected account's public videos, newest first, one output item per video. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const limit = readLimit.call(this, itemIndex, 'videos');
	const fields = readVideoFields.call(this, itemIndex);
	const cursor = readCursor.call(this, itemIndex);

	const body: IDataObject = cursor === undefined ? {} : { cursor };
	const videos = await tikTokApiRequestAllItems.call(
		this,
		{
			method: 'POST',
			path: '/v2/video/list/',
			qs: { fields },
			body,
			itemIndex,
			idempotent: true,
			scope: 'video.list',
		},
		'videos',
		limit,
		{ key: 'max_count', max: MAX_VIDEOS_PER_REQUEST },
	);
	return videos.map((video) => ({ json: toOutputVideo(video), pairedItem: { item: itemIndex } }));
}

function readCursor(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const raw = options.cursor;
	if (raw === undefined || raw === null || raw === '' || raw === 0) return undefined;
	const cursor = typeof raw === 'string' ? Number(raw.trim()) : (raw as number);
	if (!Number.isSafeInteger(cursor) || cursor < 0) {
		throw new NodeOperationError(
			this.getNode(),
			`"Published Before (Cursor)" must be a Unix epoch in milliseconds, got ${String(raw)}`,
			{
				itemIndex,
				description:
					'Enter a whole number such as 1732000000000, or remove the option to start from the newest video.',
			},
		);
	}
	if (cursor < SMALLEST_MILLISECOND_CURSOR) {
		throw new NodeOperationError(
			this.getNode(),
			`"Published Before (Cursor)" looks like seconds, not milliseconds: ${cursor}`,
			{
				itemIndex,
				description: `TikTok's cursor is in milliseconds, while Create Time is in seconds. Multiply by 1000 (${cursor * 1000}).`,
			},
		);
	}
	return cursor;
}
