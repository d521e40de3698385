/**
 * Runs this package's trigger nodes the way an n8n 2.41 instance does, on n8n-core's real
 * contexts, with the workflow's static data kept in a "database" that survives restarts.
 *
 * Webhooks (`activateWebhook`): the webhook lifecycle (checkExists, then create if needed) runs
 * on a HookContext; a real HTTP server on 127.0.0.1 then plays n8n's webhook server for the
 * node's production URL: an express-like request (n8n's raw-body reader and JSON body parser:
 * `rawBody`, `readRawBody`, `contentType`, `body`) and response (`status`, `send`, `json`,
 * `end`), a WebhookContext, `webhook()`, then what n8n's webhook helpers do with the answer:
 * `noWebhookResponse` leaves the reply to the node, no `workflowData` answers without an
 * execution, otherwise an execution starts (WorkflowExecute, mode "webhook") and, the node's
 * response mode being "onReceived", the caller gets 200 at once. Static data is saved after
 * every call, as n8n's live-webhook handler does.
 *
 * Polling (`activatePoller`): a PollContext wired like the CLI's non-durable path (static data
 * read from the workflow, saved on every emit and after activation), run by n8n-core's
 * PollTriggerExecutor: activation polls once as a test (errors throw), each `tick()` is one cron
 * tick (errors go to `__emitError`). Emitted data starts an execution (mode "trigger").
 *
 * `restartTriggerN8n` drops every in-process cache (module state included) and keeps the
 * credential store and the static-data database, like restarting n8n.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	HookContext,
	PollContext,
	PollTriggerExecutor,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	IDataObject,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	IPollFunctions,
	IRun,
	IRunExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { vi } from 'vitest';

import type { CredentialStore } from './credentials.mts';
import { loadPackage, N8nInstance, PACKAGE_NAME, type LoadedPackage } from './engine.mts';

export const TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.tikTokTrigger`;
export const NEW_VIDEO_TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.tikTokNewVideoTrigger`;
export const NEW_COMMENT_TRIGGER_NODE_TYPE = `${PACKAGE_NAME}.tikTokNewCommentTrigger`;

/** The action node plus both trigger nodes, fresh module state after `vi.resetModules()`. */
export async function loadTriggerPackage(): Promise<LoadedPackage> {
	const pkg = await loadPackage();
	const { TikTokTrigger } = await import('../../nodes/TikTok/TikTokTrigger.node.ts');
	const { TikTokNewVideoTrigger } = await import(
		'../../nodes/TikTok/TikTokNewVideoTrigger.node.ts'
	);
	const { TikTokNewCommentTrigger } = await import(
		'../../nodes/TikTok/TikTokNewCommentTrigger.node.ts'
	);
	return {
		credentialTypes: pkg.credentialTypes,
		nodeTypes: {
			...pkg.nodeTypes,
			[TRIGGER_NODE_TYPE]: new TikTokTrigger(),
			[NEW_VIDEO_TRIGGER_NODE_TYPE]: new TikTokNewVideoTrigger(pkg.policies),
			[NEW_COMMENT_TRIGGER_NODE_TYPE]: new TikTokNewCommentTrigger(pkg.policies),
		},
		policies: pkg.policies,
	};
}

/** n8n's `workflow_entity.staticData` column: JSON per workflow, survives restarts. */
export class StaticDataDatabase {
	private readonly rows = new Map<string, string>();

	/** How many times a changed static data was written. */
	saves = 0;

	/** A fresh copy of the column, or undefined (n8n's NULL) for a workflow that never saved any. */
	load(workflowId: string): IDataObject | undefined {
		const row = this.rows.get(workflowId);
		return row ? (JSON.parse(row) as IDataObject) : undefined;
	}

	/** WorkflowStaticDataService.saveStaticData: writes only when the data changed. */
	save(workflow: Workflow): void {
		if (workflow.staticData.__dataChanged !== true) return;
		this.saveById(workflow.id, workflow.staticData);
		workflow.staticData.__dataChanged = false;
	}

	/** WorkflowStaticDataService.saveStaticDataById (what an execution's end hook calls). */
	saveById(workflowId: string, staticData: IDataObject): void {
		this.rows.set(workflowId, JSON.stringify(staticData));
		this.saves++;
	}

	/** A node's static data as stored. */
	nodeData(workflowId: string, nodeName: string): IDataObject | undefined {
		return this.load(workflowId)?.[`node:${nodeName}`] as IDataObject | undefined;
	}
}

export interface TriggerRun {
	/** Items the trigger node handed to the workflow. */
	items: INodeExecutionData[];
	error?: ExecutionError;
	mode: WorkflowExecuteMode;
	run: IRun;
}

export interface TriggerNodeOptions {
	parameters: INodeParameters;
	credentials?: Record<string, INodeCredentialsDetails>;
	nodeName?: string;
	workflowId?: string;
	/** Polling only: the trigger to poll (default: the New Video Trigger). */
	nodeType?: string;
}

let executionCounter = 1000;

export class TriggerN8n {
	readonly instance: N8nInstance;

	constructor(
		readonly store: CredentialStore,
		readonly database: StaticDataDatabase,
		pkg: LoadedPackage,
	) {
		this.instance = new N8nInstance(store, pkg);
	}

	node(type: string, options: TriggerNodeOptions, extra: Partial<INode> = {}): INode {
		return {
			id: `node-${type.split('.').pop()}`,
			name: options.nodeName ?? 'Trigger',
			type,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.parameters,
			credentials: options.credentials,
			...extra,
		};
	}

	/**
	 * A workflow as n8n builds it: static data from the database, or, like WorkflowRunner does
	 * with the workflow data it was handed, over a given static-data object (n8n's Workflow wraps
	 * that very object, and resets its "changed" flag).
	 */
	workflow(
		node: INode,
		workflowId: string,
		staticData: IDataObject | undefined = this.database.load(workflowId),
	): Workflow {
		return new Workflow({
			id: workflowId,
			name: 'TikTok trigger test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: this.instance.nodeTypes,
			staticData,
		});
	}

	additionalData(
		executionId: string,
		hooks?: ExecutionLifecycleHooks,
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	) {
		return this.instance.additionalData(executionId, hooks, extra);
	}

	/**
	 * Runs the workflow from the trigger node with the data it produced, as WorkflowRunner does:
	 * the execution's own Workflow gets its static data afresh from the database, and the
	 * execution's end hook saves that static data if the execution changed it (not in manual mode).
	 */
	async execute(
		trigger: Workflow,
		node: INode,
		data: INodeExecutionData[][],
		mode: WorkflowExecuteMode,
	): Promise<TriggerRun> {
		const workflow = mode === 'manual' ? trigger : this.workflow(node, trigger.id);
		const executionId = String(++executionCounter);
		const workflowData = {
			id: workflow.id,
			name: workflow.name,
			active: true,
			isArchived: false,
			nodes: [node],
			connections: {},
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: 'v1',
		} as unknown as IWorkflowBase;
		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		let finished: (run: IRun) => void = () => {};
		const done = new Promise<IRun>((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run, newStaticData) => {
			if (mode !== 'manual' && newStaticData) this.database.saveById(workflow.id, newStaticData);
			finished(run);
		});
		const runExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [{ node, data: { main: data }, source: null }],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		} as unknown as IRunExecutionData;
		await new WorkflowExecute(
			this.additionalData(executionId, hooks),
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
		const run = await done;
		const taskData = run.data.resultData.runData[node.name]?.[0];
		return {
			items: (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[],
			error: run.data.resultData.error,
			mode,
			run,
		};
	}

	/** "Execute step" / "Fetch Test Event" in the editor: a manual run of the trigger node alone. */
	async runManually(type: string, options: TriggerNodeOptions): Promise<TriggerRun> {
		const node = this.node(type, options);
		const workflow = this.workflow(node, options.workflowId ?? 'wf-manual');
		return await this.execute(workflow, node, [], 'manual');
	}

	// ---------- Webhooks ----------

	async activateWebhook(
		options: TriggerNodeOptions & { webhookId?: string },
	): Promise<WebhookEndpoint> {
		const endpoint = new WebhookEndpoint(this, options);
		await endpoint.start();
		return endpoint;
	}

	// ---------- Polling ----------

	async activatePoller(options: TriggerNodeOptions): Promise<Poller> {
		const poller = new Poller(this, options);
		await poller.activate();
		return poller;
	}
}

export async function startTriggerN8n(
	store: CredentialStore,
	database = new StaticDataDatabase(),
): Promise<TriggerN8n> {
	return new TriggerN8n(store, database, await loadTriggerPackage());
}

/** Restart: module state and in-memory workflows are gone; credentials and static data stay. */
export async function restartTriggerN8n(previous: TriggerN8n): Promise<TriggerN8n> {
	vi.resetModules();
	return new TriggerN8n(previous.store, previous.database, await loadTriggerPackage());
}

// ---------- Webhook server ----------

export interface Delivery {
	status: number;
	text: string;
	/** The execution the call started, once finished (undefined when none started). */
	execution?: TriggerRun;
}

export interface HookCall {
	method: 'checkExists' | 'create' | 'delete';
	result: boolean;
}

type ExpressLikeRequest = IncomingMessage & {
	rawBody?: Buffer;
	readRawBody: () => Promise<void>;
	contentType?: string;
	encoding: BufferEncoding;
	body?: unknown;
	query: Record<string, string>;
	params: Record<string, string>;
	_body?: boolean;
};

type ExpressLikeResponse = ServerResponse & {
	status: (code: number) => ExpressLikeResponse;
	send: (body?: unknown) => ExpressLikeResponse;
	json: (body: unknown) => ExpressLikeResponse;
};

export class WebhookEndpoint {
	/** Production URL of the node (what users paste into TikTok's portal), on this server. */
	url = '';

	readonly hookCalls: HookCall[] = [];

	readonly executions: TriggerRun[] = [];

	/** Errors thrown by the node's webhook function. */
	readonly webhookErrors: Error[] = [];

	private server?: Server;

	private baseUrls: Partial<IWorkflowExecuteAdditionalData> = {};

	private readonly pending: Array<Promise<unknown>> = [];

	private readonly node: INode;

	private readonly workflowId: string;

	constructor(
		private readonly n8n: TriggerN8n,
		options: TriggerNodeOptions & { webhookId?: string },
	) {
		this.node = n8n.node(TRIGGER_NODE_TYPE, options, {
			webhookId: options.webhookId ?? '6f1c2b9e-tiktok-webhook',
		});
		this.workflowId = options.workflowId ?? 'wf-tiktok-webhook';
	}

	private webhookData(
		workflow: Workflow,
		additionalData: IWorkflowExecuteAdditionalData,
	): IWebhookData {
		const nodeType = this.n8n.instance.nodeTypes.getByNameAndVersion(this.node.type, 1);
		const description = nodeType.description.webhooks![0] as IWebhookDescription;
		return {
			httpMethod: description.httpMethod as IWebhookData['httpMethod'],
			node: this.node.name,
			path: description.path,
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
		} as IWebhookData;
	}

	/** Activation: the server comes up, then n8n's webhook lifecycle runs (checkExists → create). */
	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const handled = this.handle(req as ExpressLikeRequest, res as ExpressLikeResponse).catch(
				(error: Error) => {
					// n8n answers 500 when the webhook function throws.
					this.webhookErrors.push(error);
					if (!res.headersSent) {
						res.statusCode = 500;
						res.end(`{"code":0,"message":${JSON.stringify(error.message)}}`);
					}
				},
			);
			this.pending.push(handled);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		const base = `http://127.0.0.1:${port}`;
		this.baseUrls = {
			webhookBaseUrl: `${base}/webhook`,
			webhookTestBaseUrl: `${base}/webhook-test`,
		};

		const workflow = this.n8n.workflow(this.node, this.workflowId);
		const additionalData = this.n8n.additionalData('activation', undefined, this.baseUrls);
		const webhookData = this.webhookData(workflow, additionalData);
		const hooks = this.n8n.instance.nodeTypes.getByNameAndVersion(this.node.type, 1).webhookMethods
			?.default;
		const context = new HookContext(
			workflow,
			this.node,
			additionalData,
			'trigger',
			'activate',
			webhookData,
		);
		this.url = context.getNodeWebhookUrl('default') ?? '';
		if (hooks) {
			const exists = await hooks.checkExists.call(context);
			this.hookCalls.push({ method: 'checkExists', result: exists });
			if (!exists)
				this.hookCalls.push({ method: 'create', result: await hooks.create.call(context) });
		}
		this.n8n.database.save(workflow);
	}

	/** Runs one lifecycle method on a HookContext, as n8n does (e.g. `create` when checkExists says false). */
	async runHook(method: HookCall['method']): Promise<boolean> {
		const workflow = this.n8n.workflow(this.node, this.workflowId);
		const additionalData = this.n8n.additionalData('activation', undefined, this.baseUrls);
		const hooks = this.n8n.instance.nodeTypes.getByNameAndVersion(this.node.type, 1).webhookMethods
			?.default;
		if (!hooks)
			throw new Error(`${this.node.type} has no webhook lifecycle methods to run ${method} on`);
		const context = new HookContext(
			workflow,
			this.node,
			additionalData,
			'trigger',
			'activate',
			this.webhookData(workflow, additionalData),
		);
		const result = await hooks[method].call(context);
		this.hookCalls.push({ method, result });
		this.n8n.database.save(workflow);
		return result;
	}

	/** Deactivation: the lifecycle's delete, then the server goes away. */
	async stop(): Promise<void> {
		const workflow = this.n8n.workflow(this.node, this.workflowId);
		const additionalData = this.n8n.additionalData('deactivation', undefined, this.baseUrls);
		const hooks = this.n8n.instance.nodeTypes.getByNameAndVersion(this.node.type, 1).webhookMethods
			?.default;
		if (hooks) {
			const context = new HookContext(
				workflow,
				this.node,
				additionalData,
				'trigger',
				'activate',
				this.webhookData(workflow, additionalData),
			);
			this.hookCalls.push({ method: 'delete', result: await hooks.delete.call(context) });
		}
		await this.idle();
		if (this.server) {
			this.server.closeAllConnections();
			await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		}
	}

	/** Waits until every call so far has been answered and its execution has finished. */
	async idle(): Promise<void> {
		while (this.pending.length) await Promise.all(this.pending.splice(0));
	}

	/** POSTs a body to the production URL as TikTok would, and waits for its execution (if any). */
	async deliver(body: string | Buffer, headers: Record<string, string> = {}): Promise<Delivery> {
		const before = this.executions.length;
		const response = await fetch(this.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': 'TikTok-Webhook', ...headers },
			body,
		});
		const text = await response.text();
		await this.idle();
		return { status: response.status, text, execution: this.executions[before] };
	}

	private async handle(req: ExpressLikeRequest, res: ExpressLikeResponse): Promise<void> {
		addExpressResponse(res);
		prepareRequest(req);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (req.method !== 'POST' || url.pathname !== new URL(this.url).pathname) {
			res.status(404).json({ code: 404, message: 'The requested webhook is not registered.' });
			return;
		}
		// n8n's body parser (JSON), then the webhook function.
		await req.readRawBody();
		if (req.contentType === 'application/json' && req.rawBody?.length) {
			try {
				req.body = JSON.parse(req.rawBody.toString(req.encoding));
			} catch (error) {
				res.status(422).json({
					code: 422,
					message: 'Failed to parse request body',
					hint: (error as Error).message,
				});
				return;
			}
		}
		req.body ??= {};

		const staticData = this.n8n.database.load(this.workflowId);
		const workflow = this.n8n.workflow(this.node, this.workflowId, staticData);
		const additionalData = this.n8n.additionalData('webhook', undefined, {
			...this.baseUrls,
			httpRequest: req,
			httpResponse: res,
		} as never);
		const webhookData = this.webhookData(workflow, additionalData);
		const nodeType = this.n8n.instance.nodeTypes.getByNameAndVersion(this.node.type, 1);
		const context = new WebhookContext(
			workflow,
			this.node,
			additionalData,
			'webhook',
			webhookData,
			[],
			null,
		);
		const result = (await nodeType.webhook!.call(context)) as IWebhookResponseData;

		if (result.noWebhookResponse === true) {
			// The node answered itself.
		} else if (result.workflowData === undefined) {
			res.status(200).send(result.webhookResponse ?? { message: 'Webhook call received' });
		} else {
			// WorkflowRunner.run first builds a Workflow over the very static-data object of this
			// call (establishContextForPersistence), which resets its "changed" flag: what the
			// webhook function changed is then not saved below, unless the workflow had no static
			// data yet (n8n then never shared the object). The execution loads its own copy.
			this.n8n.workflow(this.node, this.workflowId, staticData);
			// responseMode "onReceived": the execution starts and the caller is answered at once.
			const execution = this.n8n
				.execute(workflow, this.node, result.workflowData, 'webhook')
				.then((run) => {
					this.executions.push(run);
				});
			this.pending.push(execution);
			res.status(200);
			// extractWebhookOnReceivedResponse; n8n evaluates an undeclared responseData as 'firstEntryJson'.
			const responseData = webhookData.webhookDescription.responseData ?? 'firstEntryJson';
			if (responseData === 'noData') res.end();
			else res.send(responseData);
		}
		// LiveWebhooks' response callback.
		this.n8n.database.save(workflow);
	}
}

function prepareRequest(req: ExpressLikeRequest): void {
	const [type, ...parameters] = String(req.headers['content-type'] ?? '').split(';');
	req.contentType = type.trim().toLowerCase() || undefined;
	const charset = parameters
		.map((p) => p.trim().split('='))
		.find(([key]) => key?.toLowerCase() === 'charset')?.[1];
	req.encoding = (
		charset?.toLowerCase() === 'utf-8' || !charset ? 'utf-8' : charset
	) as BufferEncoding;
	req.query = Object.fromEntries(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
	req.params = {};
	// n8n's rawBodyReader: the body is read once, on demand.
	req.readRawBody = async () => {
		if (req.rawBody) return;
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		req.rawBody = Buffer.concat(chunks);
		req._body = true;
	};
}

function addExpressResponse(res: ExpressLikeResponse): void {
	res.status = (code: number) => {
		res.statusCode = code;
		return res;
	};
	res.json = (body: unknown) => {
		if (!res.headersSent) res.setHeader('content-type', 'application/json; charset=utf-8');
		res.end(JSON.stringify(body));
		return res;
	};
	res.send = (body?: unknown) => {
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return res.json(body);
		if (!res.headersSent && typeof body === 'string')
			res.setHeader('content-type', 'text/html; charset=utf-8');
		res.end(body as string | Buffer | undefined);
		return res;
	};
}

// ---------- Poller ----------

export class Poller {
	readonly executions: TriggerRun[] = [];

	readonly errors: Error[] = [];

	private readonly node: INode;

	private readonly workflowId: string;

	private workflow?: Workflow;

	private executePoll?: (testingTrigger?: boolean) => Promise<void>;

	private readonly pending: Array<Promise<unknown>> = [];

	constructor(
		private readonly n8n: TriggerN8n,
		options: TriggerNodeOptions,
	) {
		this.node = n8n.node(options.nodeType ?? NEW_VIDEO_TRIGGER_NODE_TYPE, options);
		this.workflowId = options.workflowId ?? 'wf-tiktok-poll';
	}

	/** Activation: one poll as a test (errors throw), then static data is saved. */
	async activate(): Promise<TriggerRun[]> {
		// One Workflow object for the whole activation: static data lives in it between ticks.
		const workflow = this.n8n.workflow(this.node, this.workflowId);
		this.workflow = workflow;
		const emit = (data: INodeExecutionData[][]) => {
			this.n8n.database.save(workflow);
			this.pending.push(
				this.n8n
					.execute(workflow, this.node, data, 'trigger')
					.then((run) => this.executions.push(run)),
			);
		};
		const emitError = (error: Error) => {
			this.errors.push(error);
		};
		const pollFunctions = new PollContext(
			workflow,
			this.node,
			this.n8n.additionalData('poll'),
			'trigger',
			'activate',
			emit,
			emitError,
		) as unknown as IPollFunctions;
		const executor = Container.get(PollTriggerExecutor);
		this.executePoll = executor.create(workflow, this.node, pollFunctions, () => true);
		return await this.run(true);
	}

	/** One cron tick. Returns the executions it started. */
	async tick(): Promise<TriggerRun[]> {
		return await this.run(false);
	}

	/** Deactivation saves static data (n8n does so when it removes the workflow's triggers). */
	deactivate(): void {
		if (this.workflow) this.n8n.database.save(this.workflow);
	}

	private async run(testingTrigger: boolean): Promise<TriggerRun[]> {
		const before = this.executions.length;
		await this.executePoll!(testingTrigger);
		while (this.pending.length) await Promise.all(this.pending.splice(0));
		if (testingTrigger) this.n8n.database.save(this.workflow!);
		return this.executions.slice(before);
	}
}
