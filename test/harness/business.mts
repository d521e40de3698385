/**
 * TikTok Business credentials in the shapes n8n persists them, and the credential test run the
 * way the n8n CLI runs it (CredentialsTester.runRequestTest): the credential's `test.request`
 * as the routing of a noOp "Temp-Node" with a `temp` parameter, through n8n-core's real
 * RoutingNode and ExecuteContext, with getDecrypted answering the form's data and the rules
 * applied to the answer.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestRequest,
	IDataObject,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
} from 'n8n-workflow';
import { createEmptyRunExecutionData, Workflow } from 'n8n-workflow';
import { expect } from 'vitest';

import type { FakeBusinessComment } from '../fake/business.mts';
import type { FakeTikTok, RecordedRequest } from '../fake/tiktok.mts';
import type { CredentialStore } from './credentials.mts';
import type { N8nInstance } from './engine.mts';

export const BUSINESS_CREDENTIAL = 'tikTokBusinessOAuth2Api';

interface Env {
	fake: FakeTikTok;
	store: CredentialStore;
}

/** A TikTok Business OAuth2 API credential as a user saves it: App ID, Secret and a refresh token. */
export async function storeBusinessCredential(
	env: Env,
	options: { scopes?: string[]; data?: ICredentialDataDecryptedObject } = {},
): Promise<{ tikTokBusinessOAuth2Api: INodeCredentialsDetails }> {
	const tokens = env.fake.business.grantTokens(options.scopes);
	const details = await env.store.add(
		BUSINESS_CREDENTIAL,
		{
			appId: env.fake.business.appId,
			appSecret: env.fake.business.appSecret,
			refreshToken: tokens.refreshToken,
			...(options.data ?? {}),
		},
		'TikTok Business account',
	);
	return { tikTokBusinessOAuth2Api: details };
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** The CLI's credential test for a credential with a `test.request` (n8n 2.41 CredentialsTester). */
export async function runCredentialTest(
	n8n: N8nInstance,
	details: INodeCredentialsDetails,
	type = BUSINESS_CREDENTIAL,
): Promise<CredentialTestResult> {
	const credentialType = n8n.pkg.credentialTypes[type];
	const test = credentialType.test as ICredentialTestRequest;
	// The tester receives the form's data; for a saved, unchanged form that is the stored data.
	const stored = await n8n.store.read(details.id!);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: details.id!,
		name: details.name,
		type,
		data: stored,
	};

	const nodeTypeCopy = {
		description: {
			displayName: 'No Operation, do nothing',
			name: 'n8n-nodes-base.noOp',
			group: ['organization'],
			version: 1,
			description: '',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const nodeTypes: INodeTypes = {
		getByName: () => nodeTypeCopy,
		getByNameAndVersion: () => nodeTypeCopy,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [type]: { id: details.id!, name: details.name } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const helper = n8n.credentialsHelper;
	// Like the CLI: non-raw reads answer the form's data.
	const credentialsHelper = new Proxy(helper, {
		get(target, prop) {
			if (prop === 'getDecrypted') {
				return async (...args: unknown[]) =>
					args[5] === true
						? await (target.getDecrypted as (...a: unknown[]) => Promise<unknown>)(...args)
						: (credentialsDecrypted.data ?? {});
			}
			const value = Reflect.get(target, prop) as unknown;
			return typeof value === 'function'
				? (value as (...a: unknown[]) => unknown).bind(target)
				: value;
		},
	});
	// The CLI's tester runs outside any execution: no execution ID.
	const additionalData = n8n.additionalData(undefined, undefined, {
		credentialsHelper,
		currentNodeParameters: node.parameters,
	});
	const runExecutionData = createEmptyRunExecutionData();
	const inputData = { main: [[{ json: {} }]] };
	const executeData = { node: workflow.nodes['Temp-Node'], data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		workflow.nodes['Temp-Node'],
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, nodeTypeCopy, credentialsDecrypted);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		await workflow.expression.acquireIsolate();
		response = (await routingNode.runNode()) as INodeExecutionData[][] | null | undefined;
	} catch (error) {
		const cause = (error as { cause?: { response?: { status?: number } } }).cause;
		if (cause?.response) return { status: 'Error', message: `HTTP ${cause.response.status}` };
		return { status: 'Error', message: (error as Error).message };
	} finally {
		await workflow.expression.releaseIsolate();
	}
	const json = (response?.[0]?.[0]?.json ?? {}) as IDataObject;
	for (const rule of test.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			json[rule.properties.key as string] === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message as string };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

// ---------- request and output expectations shared by the comment tests ----------

export const VIDEO_ID = '7300000000000000001';
export const VIDEO_URL = `https://www.tiktok.com/@demo.brand/video/${VIDEO_ID}?is_from_webapp=1`;

/** The Business API calls the fake received, without the credential's token calls. */
export function businessApiCalls(env: { fake: FakeTikTok }): RecordedRequest[] {
	return env.fake.requests.filter(
		(r) => r.host === 'business-api.tiktok.com' && r.path.includes('/business/'),
	);
}

/** A Business API call as TikTok documents it: host, path, Access-Token and never a Bearer header. */
export function expectBusinessCall(
	request: RecordedRequest,
	method: 'GET' | 'POST',
	path: string,
	accessToken?: string,
): void {
	expect(request.method).toBe(method);
	expect(request.host).toBe('business-api.tiktok.com');
	expect(request.path).toBe(`/open_api/v1.3/${path}`);
	expect(request.headers['access-token']).toMatch(/^act\.biz\.[0-9a-f]{40}$/);
	if (accessToken) expect(request.headers['access-token']).toBe(accessToken);
	expect(request.headers.authorization).toBeUndefined();
	expect(request.headers.accept).toBe('application/json');
	if (method === 'GET') {
		expect(request.bodyText).toBe('');
	} else {
		expect(request.headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(request.query).toEqual({});
	}
}

/** A comment as the node outputs it: TikTok's fields, IDs as text, create_time as TikTok sent it. */
export function expectedComment(
	fake: FakeTikTok,
	comment: FakeBusinessComment,
	withReplies = false,
): IDataObject {
	const { create_time: createTime, ...rest } = comment;
	const out: IDataObject = {
		...rest,
		create_time: String(createTime),
		replies: fake.business.repliesTo(comment.comment_id).length,
	};
	if (withReplies) {
		out.reply_list = fake.business
			.repliesTo(comment.comment_id)
			.slice(0, 3)
			.map((reply) => expectedComment(fake, reply));
	}
	return out;
}

/** Every secret the fake handed out or was given, for "never leaks" assertions. */
export function allSecrets(fake: FakeTikTok): string[] {
	return [...fake.business.issuedSecrets, ...fake.issuedSecrets];
}
