import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { fetchCreatorInfo } from '../../developers/contentPosting';

const properties: INodeProperties[] = [];

const displayOptions = { show: { resource: ['post'], operation: ['getCreatorInfo'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The account a direct post would go to: privacy levels, disabled interactions, maximum duration. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const creator = await fetchCreatorInfo.call(this, itemIndex);
	return [{ json: { ...creator }, pairedItem: { item: itemIndex } }];
}
