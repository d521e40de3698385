import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { hideProperties, setHidden } from './common';

const displayOptions = { show: { resource: ['comment'], operation: ['hide'] } };

export const description = updateDisplayOptions(displayOptions, hideProperties('HIDE'));

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setHidden.call(this, itemIndex, 'HIDE');
}
