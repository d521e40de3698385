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
import { PublishedBeforeError, publishedBeforeCursor } from '../../helpers/publishedBefore';
import {
	fieldsProperty,
	MAX_VIDEOS_PER_REQUEST,
	readVideoFields,
	toOutputVideo,
} from '../common/videoFields';

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
				displayName: 'Published Before',
				name: 'cursor',
				type: 'dateTime',
				default: '',
				description:
					"List only videos posted before this moment (in the workflow's time zone). An expression may also give TikTok's cursor itself, a UTC epoch in milliseconds: a video's Create Time × 1000 continues the list after that video.",
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
	try {
		return publishedBeforeCursor(options.cursor, this.getTimezone());
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex,
			description: error instanceof PublishedBeforeError ? error.fix : undefined,
		});
	}
}
