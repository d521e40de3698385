import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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

/** The item as n8n shows a failed item when "Continue On Fail" is on. */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description) json.errorDescription = description;
	return { json, pairedItem: { item: itemIndex } };
}

/** Re-throws as the node error n8n expects, tagged with the failing item. */
export function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		// Re-wrapping a NodeApiError hands back the original, HTTP details intact.
		return new NodeApiError(this.getNode(), error as unknown as JsonObject);
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

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
