/**
 * An in-memory stand-in for n8n's credential database and CredentialsHelper, with the CLI's
 * semantics that refresh logic depends on: every read decrypts the stored record anew (so a
 * rotation persisted by one execution is seen by the next), defaults and `$self` expressions
 * are resolved like the CLI does, `preAuthentication` persists every key it returns for
 * expirable credentials, `runPreAuthentication` never persists, and OAuth token updates touch
 * only `oauthTokenData`. Writes are recorded for assertions.
 */
import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import { expect, vi } from 'vitest';

import { OAUTH_PINNED_FIELDS, oAuth2ApiParent } from './oauth2-parent.mts';

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	/** Encrypted, exactly as n8n stores it. */
	data: string;
}

export interface CredentialWrite {
	id: string;
	kind: 'updateCredentials' | 'updateCredentialsOauthTokenData';
	keys: string[];
}

/** The "database": survives a simulated n8n restart. */
export class CredentialStore {
	private readonly records = new Map<string, StoredCredential>();

	readonly writes: CredentialWrite[] = [];

	/** Awaited before each write: lets a test make one process's save slow (a queue-mode worker saving late). */
	beforeWrite?: (id: string, data: ICredentialDataDecryptedObject) => Promise<void> | void;

	private nextId = 1;

	async add(
		type: string,
		data: ICredentialDataDecryptedObject,
		name = `${type} account`,
	): Promise<INodeCredentialsDetails> {
		const id = String(this.nextId++);
		const credentials = new Credentials({ id, name }, type);
		await credentials.setData(data);
		this.records.set(id, { id, name, type, data: credentials.getDataToSave().data as string });
		return { id, name };
	}

	/** How many times a stored record was looked up (a worker waiting for another's save looks again and again). */
	reads = 0;

	get(id: string): StoredCredential {
		this.reads++;
		const record = this.records.get(id);
		if (!record) throw new Error(`No credential with id ${id}`);
		return record;
	}

	/** Decrypted stored data, as the database holds it (no defaults, no expressions). */
	async read(id: string): Promise<ICredentialDataDecryptedObject> {
		const record = this.get(id);
		return await new Credentials(
			{ id: record.id, name: record.name },
			record.type,
			record.data,
		).getData();
	}

	async write(
		id: string,
		data: ICredentialDataDecryptedObject,
		kind: CredentialWrite['kind'],
	): Promise<void> {
		if (this.beforeWrite) await this.beforeWrite(id, data);
		const record = this.get(id);
		const credentials = new Credentials({ id: record.id, name: record.name }, record.type);
		await credentials.setData(data);
		record.data = credentials.getDataToSave().data as string;
		this.writes.push({ id, kind, keys: Object.keys(data) });
	}
}

/** Like the CLI, credential expressions resolve in a throwaway workflow holding one mock node. */
const mockNodeType = {
	description: {
		displayName: 'Mock',
		name: 'mock',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
} as unknown as INodeType;
const mockNodeTypes: INodeTypes = {
	getByName: () => mockNodeType,
	getByNameAndVersion: () => mockNodeType,
	getKnownTypes: () => ({}),
};

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly store: CredentialStore,
		private readonly credentialTypes: Record<string, ICredentialType>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		if (name === 'oAuth2Api') return oAuth2ApiParent;
		const type = this.credentialTypes[name];
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.type(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	getCredentialsProperties(name: string): INodeProperties[] {
		const type = this.type(name);
		if (!type.extends) {
			if (name === 'oAuth2Api') {
				return [
					...type.properties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return type.properties;
		}
		const combined: INodeProperties[] = [];
		for (const parent of type.extends) {
			NodeHelpers.mergeNodeProperties(
				combined,
				this.getCredentialsProperties(parent).filter((p) => !p.doNotInherit),
			);
		}
		NodeHelpers.mergeNodeProperties(combined, type.properties);
		return combined;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.type(typeName);
		const options = requestOptions as IHttpRequestOptions;
		if (typeof type.authenticate === 'function')
			return await type.authenticate(credentials, options);
		if (type.authenticate?.type === 'generic') {
			for (const [outerKey, entries] of Object.entries(type.authenticate.properties)) {
				const target = ((options as unknown as Record<string, Record<string, unknown>>)[
					outerKey
				] ??= {});
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					target[key] = String(
						workflow.expression.getSimpleParameterValue(
							node,
							value,
							'internal',
							{ $credentials: credentials },
							undefined,
							'',
						),
					);
				}
			}
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		// Like the CLI: a credential test (a noOp "Temp-Node" with a `temp` parameter) always runs the hook.
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials)
			return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const details = node.credentials?.[typeName];
		if (details?.id) {
			const stored = await this.store.read(details.id);
			// Object.assign, as n8n's own CredentialsHelper merges the hook's output (typed IDataObject).
			await this.store.write(details.id, Object.assign({}, stored, output), 'updateCredentials');
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (
			((await type.preAuthentication.call(
				helpers,
				credentials,
			)) as ICredentialDataDecryptedObject) ?? undefined
		);
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const record = this.store.get(details.id ?? '');
		if (record.type !== type) throw new Error(`Credential ${details.id} is not of type ${type}`);
		return new Credentials({ id: record.id, name: record.name }, record.type, record.data);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		details: INodeCredentialsDetails,
		type: string,
		_mode: string,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const original = await (await this.getCredentials(details, type)).getData();
		if (raw === true) return original;
		const properties = this.getCredentialsProperties(type);
		const stored = { ...original };
		for (const field of OAUTH_PINNED_FIELDS) {
			if (properties.some((p) => p.name === field && p.type === 'hidden')) delete stored[field];
		}
		const data = NodeHelpers.getNodeParameters(
			properties,
			stored as never,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (original.oauthTokenData !== undefined) data.oauthTokenData = original.oauthTokenData;
		const mockNode: INode = {
			id: 'mock',
			name: '',
			typeVersion: 1,
			type: 'mock',
			position: [0, 0],
			parameters: {},
		};
		const workflow = new Workflow({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: mockNodeTypes,
		});
		const unresolved = data;
		return await workflow.expression.withIsolate(
			async () =>
				workflow.expression.getComplexParameterValue(
					mockNode,
					unresolved as never,
					'internal',
					{},
					undefined,
					undefined,
					unresolved as never,
				) as ICredentialDataDecryptedObject,
		);
	}

	async updateCredentials(
		details: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.store.write(details.id ?? '', data, 'updateCredentials');
	}

	async updateCredentialsOauthTokenData(
		details: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = await this.store.read(details.id ?? '');
		await this.store.write(
			details.id ?? '',
			{ ...stored, oauthTokenData: data.oauthTokenData },
			'updateCredentialsOauthTokenData',
		);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}
}

/**
 * Resolves once a worker TikTok refused is waiting for another worker's save: `refused()` holds
 * (the fake answered the refusal) and the stored credential has since been read `rereads` more
 * times. A worker that looked only once, and did not wait, never gets there (the wait times out).
 */
export async function untilWaitingForAnotherSave(
	store: CredentialStore,
	refused: () => boolean,
	rereads = 5,
): Promise<void> {
	await vi.waitFor(() => expect(refused()).toBe(true), { timeout: 10_000, interval: 2 });
	const readsAtRefusal = store.reads;
	await vi.waitFor(() => expect(store.reads - readsAtRefusal).toBeGreaterThanOrEqual(rereads), {
		timeout: 10_000,
		interval: 2,
	});
}
