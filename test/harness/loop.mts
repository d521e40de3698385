/**
 * A test-only stand-in for n8n's Loop Over Items (Split In Batches v3): on its first run it keeps
 * its input and sends the first batch out of "loop"; every later run (fed back by the looped
 * node) collects what came back and sends the next batch, until none is left and everything goes
 * out of "done". Its state lives in the execution's node context, as the real node's does, so
 * the looped node runs several times in ONE execution with a growing run index.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const LOOP_NODE_TYPE = 'n8n-nodes-test.loopOverItems';

interface LoopState {
	left?: INodeExecutionData[];
	done?: INodeExecutionData[];
}

export class TestLoopOverItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Loop Over Items (test)',
		name: 'loopOverItems',
		group: ['organization'],
		version: 1,
		description: 'Test-only Split In Batches',
		defaults: { name: 'Loop Over Items' },
		inputs: ['main'],
		outputs: ['main', 'main'],
		outputNames: ['done', 'loop'],
		properties: [{ displayName: 'Batch Size', name: 'batchSize', type: 'number', default: 1 }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const state = this.getContext('node') as IDataObject & LoopState;
		const input = this.getInputData();
		if (state.left === undefined) {
			state.left = input.map((item, index) => ({ ...item, pairedItem: { item: index } }));
			state.done = [];
		} else {
			state.done!.push(...input);
		}
		const batch = state.left.splice(0, this.getNodeParameter('batchSize', 0) as number);
		if (batch.length === 0) {
			const done = state.done!.map((item) => ({ ...item, pairedItem: { item: 0 } }));
			delete state.left;
			return [done, []];
		}
		return [[], batch];
	}
}
