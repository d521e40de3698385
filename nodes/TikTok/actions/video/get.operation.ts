import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	parseVideoIdList,
	parseVideoIdOrUrl,
	parseVideoUrl,
	VideoIdError,
} from '../../helpers/videoId';
import { tikTokApiRequest } from '../../developers/api';
import { videoIdProperty } from '../common/descriptions';
import { asNodeError, errorItem } from '../common/itemErrors';
import { readResourceLocator } from '../common/parameters';
import {
	fieldsProperty,
	MAX_VIDEOS_PER_REQUEST,
	readVideoFields,
	toOutputVideo,
} from '../common/videoFields';

const MODE_LABELS: Record<string, string> = { list: 'From List', url: 'By URL', id: 'By ID' };

const properties: INodeProperties[] = [
	videoIdProperty(
		'The video to get. TikTok only finds videos posted by the connected account.',
		'developers',
	),
	fieldsProperty,
];

const displayOptions = { show: { resource: ['video'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface ItemRequest {
	ids: string[];
	/** Comma-separated fields; items with the same fields share queries. */
	fields: string;
}

/**
 * Gets videos by ID for all input items at once: the IDs of every item are combined and sent
 * 20 per video/query call. Each found video becomes an output item paired with the item that
 * asked for it. An item fails as a whole if TikTok does not return one of its IDs.
 */
export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const itemCount = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const requests: Array<ItemRequest | undefined> = [];
	const failures = new Map<number, unknown>();

	// Every input is checked before the first call to TikTok.
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			requests.push({
				ids: readVideoIds.call(this, itemIndex),
				fields: readVideoFields.call(this, itemIndex),
			});
		} catch (error) {
			if (!continueOnFail) throw asNodeError.call(this, error, itemIndex);
			requests.push(undefined);
			failures.set(itemIndex, error);
		}
	}

	// fields → (video ID → the items asking for it), in order of first appearance.
	const wanted = new Map<string, Map<string, number[]>>();
	requests.forEach((request, itemIndex) => {
		if (!request) return;
		const byId = wanted.get(request.fields) ?? new Map<string, number[]>();
		wanted.set(request.fields, byId);
		for (const id of request.ids) byId.set(id, [...(byId.get(id) ?? []), itemIndex]);
	});

	const found = new Map<string, Map<string, IDataObject>>();
	for (const [fields, byId] of wanted) {
		const videosById = new Map<string, IDataObject>();
		found.set(fields, videosById);
		const ids = [...byId.keys()];
		for (let start = 0; start < ids.length; start += MAX_VIDEOS_PER_REQUEST) {
			const batch = ids.slice(start, start + MAX_VIDEOS_PER_REQUEST);
			const itemsInBatch = [...new Set(batch.flatMap((id) => byId.get(id) ?? []))].sort(
				(a, b) => a - b,
			);
			try {
				const data = await tikTokApiRequest.call(this, {
					method: 'POST',
					path: '/v2/video/query/',
					scope: 'video.list',
					qs: { fields },
					body: { filters: { video_ids: batch } },
					itemIndex: itemsInBatch[0],
					idempotent: true,
				});
				// TikTok's order is not the request's: match by ID.
				for (const video of (data.videos as IDataObject[] | undefined) ?? []) {
					const output = toOutputVideo(video);
					if (byId.has(output.id as string)) videosById.set(output.id as string, output);
				}
			} catch (error) {
				if (!continueOnFail) throw asNodeError.call(this, error, itemsInBatch[0]);
				for (const itemIndex of itemsInBatch)
					if (!failures.has(itemIndex)) failures.set(itemIndex, error);
			}
		}
	}

	const returnData: INodeExecutionData[] = [];
	requests.forEach((request, itemIndex) => {
		const failure = failures.get(itemIndex);
		if (failure !== undefined || !request) {
			returnData.push(errorItem(failure, itemIndex));
			return;
		}
		const videosById = found.get(request.fields);
		const videos = request.ids.map((id) => videosById?.get(id));
		const missing = request.ids.filter((_id, position) => videos[position] === undefined);
		if (missing.length) {
			const error = notFoundError.call(this, missing, itemIndex);
			if (!continueOnFail) throw error;
			returnData.push(errorItem(error, itemIndex));
			return;
		}
		for (const video of videos) {
			// A copy per item: two items may ask for the same video.
			returnData.push({ json: { ...video }, pairedItem: { item: itemIndex } });
		}
	});
	return returnData;
}

function readVideoIds(this: IExecuteFunctions, itemIndex: number): string[] {
	const { mode: chosenMode, value } = readResourceLocator.call(this, 'videoId', itemIndex);
	// A plain value (e.g. set by an AI agent) may be a link or IDs.
	const mode =
		chosenMode ?? (typeof value === 'string' && /^\s*https?:/.test(value) ? 'url' : 'id');
	try {
		if (mode === 'url') return [parseVideoUrl(value)];
		if (mode === 'id') return parseVideoIdList(value);
		return [parseVideoIdOrUrl(value)];
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			`Invalid "Video" (${MODE_LABELS[mode] ?? mode}): ${(error as Error).message}`,
			{
				itemIndex,
				description: error instanceof VideoIdError ? error.fix : undefined,
			},
		);
	}
}

function notFoundError(
	this: IExecuteFunctions,
	missing: string[],
	itemIndex: number,
): NodeOperationError {
	const subject =
		missing.length === 1 ? `Video ${missing[0]} was` : `Videos ${missing.join(', ')} were`;
	return new NodeOperationError(
		this.getNode(),
		`${subject} not found among the connected account's videos`,
		{
			itemIndex,
			description:
				'TikTok only returns videos owned by the connected account. Check the ID, and that the credential is connected to the account that posted the video (it may also have been deleted).',
		},
	);
}
