/**
 * The workflows the end-to-end suite creates in n8n, as the editor would save them. The TikTok
 * node is the installed community package, which n8n names `CUSTOM.tikTok` (it loads it from
 * ~/.n8n/custom, not from a registered package).
 */
import { randomUUID } from 'node:crypto';

export const TIKTOK_NODE_TYPE = 'CUSTOM.tikTok';

export interface CredentialRef {
	type: 'tikTokOAuth2Api' | 'tikTokRefreshTokenApi' | 'tikTokBusinessOAuth2Api';
	id: string;
	name: string;
}

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
	/** n8n's node settings "Retry On Fail", "Max. Tries" and "Wait Between Tries (ms)". */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

export interface WorkflowBody {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	settings: Record<string, unknown>;
}

function tikTokNodeWith(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
	x: number,
): WorkflowNode {
	return {
		id: randomUUID(),
		name,
		type: TIKTOK_NODE_TYPE,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
	};
}

export function tikTokNode(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
	x: number,
): WorkflowNode {
	const authentication = credential.type === 'tikTokOAuth2Api' ? 'oAuth2' : 'refreshToken';
	return tikTokNodeWith(name, credential, { authentication, ...parameters }, x);
}

/** The TikTok node on the Comment resource: only the Business credential, no Authentication choice. */
export function tikTokCommentNode(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
	x: number,
): WorkflowNode {
	if (credential.type !== 'tikTokBusinessOAuth2Api')
		throw new Error(
			`the Comment resource needs a tikTokBusinessOAuth2Api credential, not ${credential.type}`,
		);
	return tikTokNodeWith(name, credential, { resource: 'comment', ...parameters }, x);
}

/** The TikTok node on the Account (Business) resource: only the Business credential. */
export function tikTokAccountNode(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
	x: number,
): WorkflowNode {
	if (credential.type !== 'tikTokBusinessOAuth2Api')
		throw new Error(
			`the Account resource needs a tikTokBusinessOAuth2Api credential, not ${credential.type}`,
		);
	return tikTokNodeWith(name, credential, { resource: 'account', ...parameters }, x);
}

export const TIKTOK_TRIGGER_NODE_TYPE = 'CUSTOM.tikTokTrigger';

/**
 * An active-able workflow started by the TikTok Trigger (TikTok's webhook events), which checks the
 * TikTok-Signature with the Client Secret of a TikTok for Developers credential. Its production
 * URL is /webhook/<webhookId>/webhook.
 */
export function tikTokTriggerWorkflow(
	name: string,
	credential: CredentialRef,
	events: string[],
	webhookId = randomUUID(),
): WorkflowBody {
	if (credential.type === 'tikTokBusinessOAuth2Api')
		throw new Error('the TikTok Trigger takes a TikTok for Developers credential');
	return chain(name, [
		{
			id: randomUUID(),
			name: 'TikTok Trigger',
			type: TIKTOK_TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId,
			parameters: {
				authentication: credential.type === 'tikTokOAuth2Api' ? 'oAuth2' : 'refreshToken',
				events,
				options: {},
			},
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		},
	]);
}

export const NEW_COMMENT_TRIGGER_NODE_TYPE = 'CUSTOM.tikTokNewCommentTrigger';

/** An active-able workflow started by the TikTok New Comment Trigger (polling every minute). */
export function newCommentTriggerWorkflow(
	name: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): WorkflowBody {
	if (credential.type !== 'tikTokBusinessOAuth2Api')
		throw new Error('the New Comment Trigger takes a TikTok Business credential');
	return chain(name, [
		{
			id: randomUUID(),
			name: 'TikTok New Comment Trigger',
			type: NEW_COMMENT_TRIGGER_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
			credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		},
	]);
}

export function profileParameters(fields: string[]): Record<string, unknown> {
	return { resource: 'user', operation: 'get', fields };
}

/** A production webhook (POST /webhook/<path>) that answers with the last node's first item. */
function webhookNode(path: string): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
}

function chain(name: string, nodes: WorkflowNode[]): WorkflowBody {
	const connections: WorkflowBody['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

export function webhookWorkflow(name: string, path: string, ...rest: WorkflowNode[]): WorkflowBody {
	return chain(name, [webhookNode(path), ...rest]);
}

export const MANUAL_TRIGGER_NAME = 'Manual Trigger';

export function manualWorkflow(name: string, ...rest: WorkflowNode[]): WorkflowBody {
	return chain(name, [
		{
			id: randomUUID(),
			name: MANUAL_TRIGGER_NAME,
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...rest,
	]);
}

/**
 * Manual Trigger -> `before`... -> Loop Over Items (Split In Batches v3) -> `looped` -> back into the
 * loop, `batchSize` items per iteration, as the editor wires it.
 */
export function manualLoopWorkflow(
	name: string,
	before: WorkflowNode[],
	looped: WorkflowNode,
	batchSize = 1,
): WorkflowBody {
	const loop: WorkflowNode = {
		id: randomUUID(),
		name: 'Loop Over Items',
		type: 'n8n-nodes-base.splitInBatches',
		typeVersion: 3,
		position: [looped.position[0] - 250, 0],
		parameters: { batchSize, options: {} },
	};
	const body = manualWorkflow(name, ...before, loop);
	body.nodes.push(looped);
	// Output 0 is "done" (left unconnected), output 1 "loop".
	body.connections[loop.name] = { main: [[], [{ node: looped.name, type: 'main', index: 0 }]] };
	body.connections[looped.name] = { main: [[{ node: loop.name, type: 'main', index: 0 }]] };
	return body;
}

/**
 * Edit Fields (Set v3.4) passing each item on whole, binary included, twice: n8n's "Duplicate
 * Item" setting (it applies to manual executions only), i.e. two identical items.
 */
export function duplicateItemNode(x: number): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Duplicate Item',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, 0],
		parameters: {
			mode: 'manual',
			duplicateItem: true,
			duplicateCount: 1,
			assignments: { assignments: [] },
			includeOtherFields: true,
			include: 'all',
			options: { stripBinary: false },
		},
	};
}

/** Read/Write Files from Disk, reading one file into binary field `data` (streamed into n8n's binary storage). */
export function readFileNode(path: string, x: number): WorkflowNode {
	return {
		id: randomUUID(),
		name: 'Read Video File',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1.1,
		position: [x, 0],
		parameters: { operation: 'read', fileSelector: path, options: {} },
	};
}
