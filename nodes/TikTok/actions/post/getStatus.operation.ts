import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../common/parameters';
import {
	fetchCreatorInfo,
	fetchPublishStatus,
	postIdsOf,
	waitForPublish,
} from '../../developers/contentPosting';
import { waitOptions } from '../common/descriptions';
import { postKindOfPublishId, publishOutput, readWaitTimeout } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Publish ID',
		name: 'publishId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'v_pub_file~v2-1.7300000000000000001',
		description: 'The publish_id returned by Create Video Post or Create Photo Post',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: waitOptions,
	},
];

const displayOptions = { show: { resource: ['post'], operation: ['getStatus'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const publishId = readText.call(this, 'publishId', itemIndex, 'Publish ID').trim();
	if (!publishId) {
		throw new NodeOperationError(this.getNode(), 'The "Publish ID" is empty', {
			itemIndex,
			description: 'Map the publish_id output by Create Video Post or Create Photo Post.',
		});
	}
	if (publishId.length > 64 || /\s/.test(publishId)) {
		throw new NodeOperationError(
			this.getNode(),
			`"Publish ID" does not look like a TikTok publish ID: "${publishId.slice(0, 80)}"`,
			{
				itemIndex,
				description:
					'TikTok publish IDs are at most 64 characters, without spaces, e.g. v_pub_file~v2-1.7300000000000000001.',
			},
		);
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		waitForCompletion?: boolean;
		waitTimeout?: number;
	};
	let status;
	let timedOut = false;
	if (options.waitForCompletion) {
		const waited = await waitForPublish.call(
			this,
			publishId,
			itemIndex,
			readWaitTimeout.call(this, itemIndex, options),
		);
		status = waited.status;
		timedOut = waited.timedOut;
	} else {
		status = await fetchPublishStatus.call(this, publishId, itemIndex);
	}
	const kind = postKindOfPublishId(publishId);
	const username =
		postIdsOf(status).length && kind ? await usernameForLink.call(this, itemIndex) : undefined;
	const json = publishOutput(publishId, status, { username, kind });
	if (timedOut) json.timed_out = true;
	return [{ json, pairedItem: { item: itemIndex } }];
}

/** The post link needs the creator's username; creator info has it (best effort). */
async function usernameForLink(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<string | undefined> {
	try {
		return (await fetchCreatorInfo.call(this, itemIndex)).creator_username;
	} catch {
		return undefined;
	}
}
