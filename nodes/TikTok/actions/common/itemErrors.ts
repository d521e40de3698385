/**
 * A failed item, for the router and for operations that batch items themselves (Video > Get):
 * its output under Continue On Fail, or the node error n8n expects.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The item as n8n shows a failed item when "Continue On Fail" is on: `error` says what failed and
 * `message` what to do. Under "Continue (using error output)" n8n sends an item to the error output
 * when its json has only these two keys (n8n 1.x and 2.x; n8n-core's
 * WorkflowExecute.handleNodeErrorOutput). An `error` on the item would route it too, but n8n then
 * replaces the json with `{ error }` alone, and the advice would be lost to the next node.
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error instanceof Error ? error.message : String(error) };
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description) json.message = description;
	return { json, pairedItem: { item: itemIndex } };
}

/** Re-throws as the node error n8n expects, tagged with the failing item. */
export function asNodeError(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		// Re-wrapping a NodeApiError hands back the original, HTTP details intact.
		return new NodeApiError(this.getNode(), error as unknown as JsonObject);
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}
