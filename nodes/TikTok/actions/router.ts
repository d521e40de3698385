import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { TikTokType } from './node.type';
import * as user from './user';

type OperationModule = { execute: (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]> };

const resources: Record<string, Record<string, OperationModule>> = {
	user: user as unknown as Record<string, OperationModule>,
};

/** Runs the chosen operation once per input item, pairing every output with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const returnData: INodeExecutionData[] = [];
	const resource = this.getNodeParameter('resource', 0) as TikTokType['resource'];
	const operation = this.getNodeParameter('operation', 0) as string;
	const operationModule = resources[resource]?.[operation];
	if (!operationModule || typeof operationModule.execute !== 'function') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for "${resource}"`);
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await operationModule.execute.call(this, itemIndex);
			for (const result of results) {
				returnData.push({ ...result, pairedItem: result.pairedItem ?? { item: itemIndex } });
			}
		} catch (error) {
			if (this.continueOnFail()) {
				const message = error instanceof Error ? error.message : String(error);
				const description = (error as { description?: unknown }).description;
				const json: IDataObject = { error: message };
				if (typeof description === 'string' && description) json.errorDescription = description;
				returnData.push({ json, pairedItem: { item: itemIndex } });
				continue;
			}
			if (error instanceof NodeApiError) {
				if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
				// Re-wrapping a NodeApiError hands back the original, HTTP details intact.
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [returnData];
}
