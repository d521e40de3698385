import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, errorItem } from './common/itemErrors';
import type { NodeMap, TikTokType } from './node.type';
import * as account from './account';
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

/**
 * The dispatch table, typed by NodeMap: the compiler refuses a resource or operation without an
 * implementation, and an implementation no operation names (a router test also holds the table
 * against the operation options the editor shows).
 */
type OperationTable = { [R in keyof NodeMap]: Record<NodeMap[R], OperationModule> };

export const operations: OperationTable = {
	account: { getInsights: account.getInsights, getVideos: account.getVideos },
	user: { get: user.get },
	video: { get: video.get, getAll: video.getAll },
	post: {
		createHandoffPack: post.createHandoffPack,
		createPhoto: post.createPhoto,
		createVideo: post.createVideo,
		getCreatorInfo: post.getCreatorInfo,
		getStatus: post.getStatus,
	},
	comment: {
		create: comment.create,
		delete: comment.delete,
		getAll: comment.getAll,
		getReplies: comment.getReplies,
		hide: comment.hide,
		like: comment.like,
		pin: comment.pin,
		reply: comment.reply,
		unhide: comment.unhide,
		unlike: comment.unlike,
		unpin: comment.unpin,
	},
};

function operationFor(resource: string, operation: string): OperationModule | undefined {
	if (!Object.hasOwn(operations, resource)) return undefined;
	const table: Record<string, OperationModule> = operations[resource as TikTokType['resource']];
	return Object.hasOwn(table, operation) ? table[operation] : undefined;
}

/** Runs the chosen operation once per input item, pairing every output with its input. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = String(this.getNodeParameter('resource', 0));
	const operation = String(this.getNodeParameter('operation', 0));
	const operationModule = operationFor(resource, operation);
	if (!operationModule || (!operationModule.execute && !operationModule.executeAll)) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not supported for "${resource}"`,
		);
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
