/**
 * Runs this package's node through n8n-core's real WorkflowExecute, the way an n8n instance
 * does: a workflow with the node, items on the execution stack, lifecycle hooks, and a
 * credentials helper backed by a persistent store. `N8nInstance` plays one n8n process;
 * `restartN8n` throws away every in-process cache of this package (module state included)
 * and keeps only the credential store, like a restart.
 */
import type {
	ICredentialType,
	IDataObject,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	ExecutionError,
	IConnections,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { vi } from 'vitest';

import type { Policies } from '../../nodes/TikTok/transport/policies.ts';

import { CredentialStore, TestCredentialsHelper } from './credentials.mts';
import { AGENT_NODE_TYPE, asTool, TestAgent } from './agent.mts';
import { LOOP_NODE_TYPE, TestLoopOverItems } from './loop.mts';
import { type PolicyOverrides, testPolicies } from './policies.mts';

export const PACKAGE_NAME = 'n8n-nodes-tiktok-api';
export const TIKTOK_NODE_TYPE = `${PACKAGE_NAME}.tikTok`;

export interface LoadedPackage {
	nodeTypes: Record<string, INodeType>;
	credentialTypes: Record<string, ICredentialType>;
	/** The retry, polling and wait policies the nodes were built with. */
	policies: Policies;
}

/**
 * Imports the package from source, its nodes built with the test policies (short waits) and
 * `overrides` on top. After `vi.resetModules()` this yields fresh module state.
 */
export async function loadPackage(overrides: PolicyOverrides = {}): Promise<LoadedPackage> {
	const { TikTok } = await import('../../nodes/TikTok/TikTok.node.ts');
	const { TikTokOAuth2Api } = await import('../../credentials/TikTokOAuth2Api.credentials.ts');
	const { TikTokRefreshTokenApi } = await import(
		'../../credentials/TikTokRefreshTokenApi.credentials.ts'
	);
	const { TikTokBusinessOAuth2Api } = await import(
		'../../credentials/TikTokBusinessOAuth2Api.credentials.ts'
	);
	const policies = testPolicies(overrides);
	const credentials = [
		new TikTokOAuth2Api(),
		new TikTokRefreshTokenApi(),
		new TikTokBusinessOAuth2Api(),
	] as ICredentialType[];
	return {
		nodeTypes: { [TIKTOK_NODE_TYPE]: new TikTok(policies) },
		credentialTypes: Object.fromEntries(credentials.map((c) => [c.name, c])),
		policies,
	};
}

class PackageNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(type: string): INodeType {
		const found = this.types[type];
		if (!found) throw new Error(`Unknown node type ${type}`);
		return found;
	}

	getByNameAndVersion(type: string): INodeType {
		return this.getByName(type);
	}

	getKnownTypes() {
		return {};
	}
}

export interface RunOptions {
	parameters: INodeParameters;
	credentials?: Record<string, INodeCredentialsDetails>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** n8n's "On Error: Continue (using error output)": failed items go to a second output. */
	errorOutput?: boolean;
	nodeName?: string;
	/** Mimics n8n's "Retry On Fail" node setting. */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
	/**
	 * Puts the node inside a Loop Over Items (see loop.mts): the items go through it `batchSize`
	 * at a time, each batch a new run of the node in the same execution.
	 */
	loop?: { batchSize: number };
	/**
	 * Gives the node to an AI agent as its tool (see agent.mts), which calls it once per entry of
	 * `calls` (the tool's arguments); `items` are then the agent's answers.
	 */
	agent?: { calls: IDataObject[] };
	/**
	 * Stops the execution when this settles, as n8n's Stop button and its execution timeout do
	 * (WorkflowExecute's cancel: status "canceled", the execution's cancel signal aborted). The
	 * run then resolves once the node has actually returned, so a test sees what it did after.
	 */
	cancelWhen?: Promise<unknown>;
}

export interface RunResult {
	/** Items on the node's first output (empty when the node failed); in a loop, those of every run. */
	items: INodeExecutionData[];
	/** The node's first output per run (one run unless in a loop). */
	runs: INodeExecutionData[][];
	/** Items on the node's error output (On Error: Continue (using error output)), first run. */
	errorItems: INodeExecutionData[];
	/** The error the execution ended with, if any. */
	error?: ExecutionError;
	run: IRun;
}

let executionCounter = 0;

export class N8nInstance {
	readonly nodeTypes: INodeTypes;

	readonly credentialsHelper: TestCredentialsHelper;

	constructor(
		readonly store: CredentialStore,
		readonly pkg: LoadedPackage,
	) {
		this.nodeTypes = new PackageNodeTypes({
			...pkg.nodeTypes,
			[`${TIKTOK_NODE_TYPE}Tool`]: asTool(pkg.nodeTypes[TIKTOK_NODE_TYPE]),
			[LOOP_NODE_TYPE]: new TestLoopOverItems(),
			[AGENT_NODE_TYPE]: new TestAgent(),
		});
		this.credentialsHelper = new TestCredentialsHelper(store, pkg.credentialTypes);
	}

	/** What n8n hands every node context: this instance's credentials, base URLs and stubs. */
	additionalData(
		executionId?: string,
		hooks?: ExecutionLifecycleHooks,
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWorkflowExecuteAdditionalData {
		return {
			hooks,
			credentialsHelper: this.credentialsHelper,
			executionId,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678/',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			currentNodeParameters: undefined,
			executionTimeoutTimestamp: undefined,
			userId: 'user-1',
			variables: {},
			executeWorkflow: async () => {
				throw new Error('executeWorkflow is not available in tests');
			},
			getRunExecutionData: async () => undefined,
			logAiEvent: () => {},
			startRunnerTask: async () => {
				throw new Error('task runners are not available in tests');
			},
			getRuntimeCredential: async () => undefined,
			...extra,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	async run(options: RunOptions): Promise<RunResult> {
		const nodeName = options.nodeName ?? 'TikTok';
		const node: INode = {
			id: 'node-tiktok-1',
			name: nodeName,
			type: options.agent ? `${TIKTOK_NODE_TYPE}Tool` : TIKTOK_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials: options.credentials,
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(options.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
			...(options.retryOnFail
				? {
						retryOnFail: true,
						maxTries: options.retryOnFail.maxTries,
						waitBetweenTries: options.retryOnFail.waitBetweenTries,
					}
				: {}),
		};
		const loopNode: INode | undefined = options.loop
			? {
					id: 'node-loop-1',
					name: 'Loop Over Items',
					type: LOOP_NODE_TYPE,
					typeVersion: 1,
					position: [-200, 0],
					parameters: { batchSize: options.loop.batchSize },
				}
			: undefined;
		const agentNode: INode | undefined = options.agent
			? {
					id: 'node-agent-1',
					name: 'Agent',
					type: AGENT_NODE_TYPE,
					typeVersion: 1,
					position: [200, 0],
					parameters: { calls: JSON.stringify(options.agent.calls) },
				}
			: undefined;
		const startNode = loopNode ?? agentNode ?? node;
		const nodes = startNode === node ? [node] : [startNode, node];
		let connections: IConnections = {};
		if (loopNode) {
			// Loop output 1 ("loop") feeds the node; the node's output goes back into the loop.
			connections = {
				[loopNode.name]: { main: [[], [{ node: nodeName, type: 'main', index: 0 }]] },
				[nodeName]: { main: [[{ node: loopNode.name, type: 'main', index: 0 }]] },
			};
		} else if (agentNode) {
			connections = {
				[nodeName]: { ai_tool: [[{ node: agentNode.name, type: 'ai_tool', index: 0 }]] },
			};
		}
		const workflow = new Workflow({
			id: 'wf-tiktok-test',
			name: 'TikTok test',
			nodes,
			connections,
			active: false,
			nodeTypes: this.nodeTypes,
			settings: { executionOrder: 'v1' },
		});
		const executionId = String(++executionCounter);
		const workflowData: IWorkflowBase = {
			id: workflow.id,
			name: 'TikTok test',
			active: false,
			isArchived: false,
			nodes,
			connections,
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		} as unknown as IWorkflowBase;
		const hooks = new ExecutionLifecycleHooks('manual', executionId, workflowData);
		let finished: (run: IRun) => void = () => {};
		const done = new Promise<IRun>((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

		const additionalData = this.additionalData(executionId, hooks);

		const items = options.items ?? [{ json: {} }];
		const runExecutionData: IRunExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;

		const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
		try {
			const running = execute.processRunExecutionData(workflow);
			void options.cancelWhen?.then(() => running.cancel());
			// After a cancel this still waits for the node to return (n8n's PCancelable does not reject).
			await running;
		} catch (error) {
			// n8n refuses to start a workflow whose node has issues (e.g. a required parameter is empty).
			return {
				items: [],
				runs: [],
				errorItems: [],
				error: error as ExecutionError,
				run: { data: runExecutionData } as unknown as IRun,
			};
		}
		const run = await done;
		const runs = (run.data.resultData.runData[nodeName] ?? []).map(
			(taskData) => (taskData.data?.main?.[0] ?? []) as INodeExecutionData[],
		);
		const agentAnswers = agentNode
			? ((run.data.resultData.runData[agentNode.name]?.[0]?.data?.main?.[0] ??
					[]) as INodeExecutionData[])
			: [];
		return {
			items: agentNode ? agentAnswers : loopNode ? runs.flat() : (runs[0] ?? []),
			runs,
			errorItems: (run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[1] ??
				[]) as INodeExecutionData[],
			error: run.data.resultData.error,
			run,
		};
	}
}

/** A fresh "n8n process" over the given store, its nodes built with the test policies and `overrides`. */
export async function startN8n(
	store = new CredentialStore(),
	overrides: PolicyOverrides = {},
): Promise<N8nInstance> {
	return new N8nInstance(store, await loadPackage(overrides));
}

/** Restart: all in-process state of the package is dropped; only the credential store (and the policies) survive. */
export async function restartN8n(previous: N8nInstance): Promise<N8nInstance> {
	vi.resetModules();
	return new N8nInstance(previous.store, await loadPackage(previous.pkg.policies));
}

/** Everything an execution exposes to users or logs, serialised, for secret-leak checks. */
export function serialiseForLeakCheck(result: RunResult): string {
	const error = result.error as (ExecutionError & IDataObject) | undefined;
	const errorParts = error
		? [
				error.message,
				error.description,
				error.stack,
				JSON.stringify(error),
				JSON.stringify((error as { cause?: unknown }).cause ?? null),
			]
		: [];
	return [
		JSON.stringify(result.items),
		JSON.stringify(result.run.data.resultData),
		...errorParts,
	].join('\n');
}

/**
 * A failed item as the node outputs it under Continue On Fail: `error` (what failed) and, when the
 * error has a description, `message` (what to do), and its pairing.
 */
export function failedItem(
	json: { error: unknown; message?: unknown },
	item: number,
): INodeExecutionData {
	return { json, pairedItem: { item } } as INodeExecutionData;
}
