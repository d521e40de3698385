/**
 * Calls a node's `methods.listSearch` function the way the n8n CLI does when the editor opens a
 * resource locator's "From List" (DynamicNodeParametersService.getResourceLocatorResults): a
 * throwaway workflow holding one "Temp-Node" with the current parameters and credentials, and
 * n8n-core's real LoadOptionsContext over the harness's credentials helper. Requests go through
 * the package's transport and n8n's request helpers unchanged.
 */
import { LoadOptionsContext } from 'n8n-core';
import type {
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { TIKTOK_NODE_TYPE, type N8nInstance } from './engine.mts';

export interface ListSearchCall {
	method: string;
	/** The node's current parameters, as the editor sends them. */
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	filter?: string;
	paginationToken?: string;
	/** The parameter path the editor asks for, e.g. `parameters.videoId`. */
	path?: string;
}

type ListSearchMethod = (
	this: LoadOptionsContext,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/** n8n-core's real LoadOptionsContext for a throwaway "Temp-Node", as the CLI builds it. */
function loadOptionsContext(
	n8n: N8nInstance,
	parameters: INodeParameters,
	credentials: INodeCredentials | undefined,
	path: string,
) {
	const node: INode = {
		parameters,
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: TIKTOK_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		...(credentials ? { credentials } : {}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: n8n.nodeTypes,
	});
	const additionalData = n8n.additionalData('load-options', undefined, {
		currentNodeParameters: parameters,
	});
	return new LoadOptionsContext(workflow, workflow.nodes['Temp-Node'], additionalData, path);
}

export async function callListSearch(
	n8n: N8nInstance,
	call: ListSearchCall,
): Promise<INodeListSearchResult> {
	const nodeType = n8n.nodeTypes.getByNameAndVersion(TIKTOK_NODE_TYPE, 1);
	const method = nodeType.methods?.listSearch?.[call.method] as ListSearchMethod | undefined;
	if (typeof method !== 'function')
		throw new Error(`The node has no listSearch method "${call.method}"`);
	const context = loadOptionsContext(
		n8n,
		call.parameters,
		call.credentials,
		call.path ?? 'parameters.videoId',
	);
	return await method.call(context, call.filter, call.paginationToken);
}

type LoadOptionsMethod = (this: LoadOptionsContext) => Promise<INodePropertyOptions[]>;

/** A dropdown opening in the editor (DynamicNodeParametersService.getOptionsViaMethodName). */
export async function callLoadOptions(
	n8n: N8nInstance,
	call: {
		method: string;
		parameters: INodeParameters;
		credentials?: INodeCredentials;
		path: string;
	},
): Promise<INodePropertyOptions[]> {
	const nodeType = n8n.nodeTypes.getByNameAndVersion(TIKTOK_NODE_TYPE, 1);
	const method = nodeType.methods?.loadOptions?.[call.method] as LoadOptionsMethod | undefined;
	if (typeof method !== 'function')
		throw new Error(`The node has no loadOptions method "${call.method}"`);
	return await method.call(loadOptionsContext(n8n, call.parameters, call.credentials, call.path));
}
