/**
 * A test-only AI agent: a root node with an AI Tool input that gets its tools from n8n-core
 * (`getInputConnectionData`) as n8n's agents do. n8n-core wraps a node usable as a tool in
 * `makeHandleToolInvocation`, where every tool call, and every try of the tool node's Retry On
 * Fail, is a new run of that node. The agent calls the connected tool once per entry of its
 * "Calls" parameter and outputs, per call, the tool's answer or its error.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export const AGENT_NODE_TYPE = 'n8n-nodes-test.agent';

interface Tool {
	invoke: (args: IDataObject) => Promise<unknown>;
}

export class TestAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Agent (test)',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: 'Test-only AI agent',
		defaults: { name: 'Agent' },
		inputs: [
			NodeConnectionTypes.Main,
			{ type: NodeConnectionTypes.AiTool, displayName: 'Tools', required: true },
		],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Calls', name: 'calls', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const [tool] = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0)) as Tool[];
		const calls = JSON.parse(this.getNodeParameter('calls', 0) as string) as IDataObject[];
		const answers: INodeExecutionData[] = [];
		for (const args of calls) {
			try {
				answers.push({
					json: { response: JSON.parse(String(await tool.invoke(args))) as IDataObject[] },
					pairedItem: { item: 0 },
				});
			} catch (error) {
				answers.push({ json: { error: (error as Error).message }, pairedItem: { item: 0 } });
			}
		}
		return [answers];
	}
}

/** A node as n8n offers it to agents: what n8n's loader makes of a node that is usable as a tool. */
export function asTool(nodeType: INodeType): INodeType {
	return {
		description: {
			...nodeType.description,
			name: `${nodeType.description.name}Tool`,
			inputs: [],
			outputs: [NodeConnectionTypes.AiTool],
		},
		execute: nodeType.execute,
		methods: nodeType.methods,
	};
}
