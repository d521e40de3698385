import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from './itemErrors';
import type { TikTokType } from './node.type';
import * as comment from './comment';
import * as post from './post';
import * as user from './user';
import * as video from './video';

export interface OperationModule {
	/** Runs the operation for one input item. */
	execute?: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;
	/**
	 * Runs the operation for all input items at once, for operations that combine items into
	 * fewer TikTok calls (e.g. 20 video IDs per query). It must pair every output item and
	 * honour continueOnFail itself.
	 */
	executeAll?: (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;
}

const resources: Record<TikTokType['resource'], Record<string, OperationModule | unknown>> = { user, video, post, comment };

/** Runs the chosen operation once per input item, pairing every output with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as TikTokType['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const operationModule = resources[resource]?.[operation] as OperationModule | undefined;
	if (!operationModule || (!operationModule.execute && !operationModule.executeAll)) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	}
	if (operationModule.executeAll) return [await operationModule.executeAll.call(this)];

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await operationModule.execute!.call(this, itemIndex);
			for (const result of results) {
				returnData.push({ ...result, pairedItem: result.pairedItem ?? { item: itemIndex } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push(errorItem(error, itemIndex));
				continue;
			}
			throw asNodeError.call(this, error, itemIndex);
		}
	}
	return [returnData];
}
