/**
 * The TikTok node as it runs on the n8n 1.x line (n8n 1.123.81: n8n-core 1.122.48, n8n-workflow
 * 1.120.31), for the parts of `helpers.httpRequestWithAuthentication` that differ from 2.x:
 *
 * - Generic credentials (Refresh Token API, Business): n8n throws `new NodeApiError(node, error)`
 *   for an HTTP error and for an error of the credential's `preAuthentication` hook, as on 2.x,
 *   but n8n-workflow 1.x declares `cause` as a class field of ExecutionBaseError, which resets it
 *   to undefined after `super()` for an Error cause (dist/cjs/errors/abstract/execution-base.error.js:
 *   `cause;`, then `else if (cause && !(cause instanceof Error)) this.cause = cause;`). NodeApiError's
 *   own code is the same on both lines (node-api.error.js), so the wrapper keeps `message`,
 *   `messages`, `httpCode` and `description`; the axios error (status, text body, URL) and the
 *   hook's own error are gone.
 * - n8n's OAuth2 path (Connect credential): `requestOAuth2` in 1.x sends through `httpRequest` and,
 *   on a thrown 401, refreshes with the OAuth client (`token.refresh()`), stores `newToken.data`
 *   and sends once more. It never runs the credential's `preAuthentication` (no
 *   `runPreAuthentication`), takes no lock, and does not turn `invalid_grant` into n8n's
 *   "needs to be reconnected" error. Whatever it throws, `httpRequestWithAuthentication` catches:
 *   after a 401 it sends the request once more without any authentication (its generic-path
 *   retry, with no credentials to apply), and it wraps the error in a NodeApiError, as for the
 *   generic path (n8n-core 1.122.48 request-helper-functions.js, httpRequestWithAuthentication).
 */
import { ClientOAuth2 } from '@n8n/client-oauth2';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeType,
	JsonObject,
} from 'n8n-workflow';
import { ApplicationError, NodeApiError } from 'n8n-workflow';

import type { CredentialStore } from './credentials.mts';
import { loadPackage, N8nInstance, TIKTOK_NODE_TYPE } from './engine.mts';

const OAUTH2_CREDENTIALS = new Set(['tikTokOAuth2Api']);

/** A 2.x NodeApiError of the generic path, in the shape n8n-workflow 1.120 leaves it. */
export function asThrownByN8n1x(error: unknown, node: INode): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const original = (error as { cause?: unknown }).cause ?? error;
	const legacy = new NodeApiError(node, original as JsonObject);
	Object.defineProperty(legacy, 'cause', {
		value: undefined,
		writable: true,
		enumerable: true,
		configurable: true,
	});
	return legacy;
}

type Helpers = IExecuteFunctions['helpers'];

/** n8n-core 1.122's `requestOAuth2` for node requests (`isN8nRequest`), as summarised above. */
async function requestOAuth2On1x(
	ctx: IExecuteFunctions,
	store: CredentialStore,
	credentialType: string,
	requestOptions: IHttpRequestOptions,
): Promise<unknown> {
	const credentials = await ctx.getCredentials(credentialType);
	if (credentials.grantType === 'authorizationCode' && credentials.oauthTokenData === undefined)
		throw new ApplicationError('OAuth credentials not connected');
	const client = new ClientOAuth2({
		clientId: credentials.clientId as string,
		clientSecret: credentials.clientSecret as string,
		accessTokenUri: credentials.accessTokenUrl as string,
		scopes: String(credentials.scope ?? '').split(' '),
		authentication: (credentials.authentication as 'header' | 'body' | undefined) ?? 'header',
	});
	const tokenData = credentials.oauthTokenData as IDataObject;
	const token = client.createToken({ ...tokenData } as never, tokenData.tokenType as string);
	const signed = token.sign(requestOptions as never) as unknown as IHttpRequestOptions;
	return await ctx.helpers.httpRequest(signed).catch(async (error: unknown) => {
		if ((error as { response?: { status?: number } }).response?.status === 401) {
			const newToken = await token.refresh();
			const id = ctx.getNode().credentials?.[credentialType]?.id ?? '';
			const stored = await store.read(id);
			await store.write(
				id,
				{ ...stored, oauthTokenData: newToken.data as ICredentialDataDecryptedObject },
				'updateCredentialsOauthTokenData',
			);
			return await ctx.helpers.httpRequest(
				newToken.sign(requestOptions as never) as unknown as IHttpRequestOptions,
			);
		}
		throw error;
	});
}

/** The TikTok node as it runs on n8n 1.x: the same node, n8n's authenticated requests as 1.x makes them. */
export function onN8n1x(tiktok: INodeType, store: CredentialStore): INodeType {
	return {
		description: tiktok.description,
		methods: tiktok.methods,
		async execute(this: IExecuteFunctions) {
			const ctx = this;
			const real = ctx.helpers.httpRequestWithAuthentication;
			const helpers: Helpers = {
				...ctx.helpers,
				async httpRequestWithAuthentication(
					this: ThisParameterType<typeof real>,
					...args: Parameters<typeof real>
				) {
					const [credentialType, requestOptions] = args;
					if (OAUTH2_CREDENTIALS.has(credentialType)) {
						try {
							return await requestOAuth2On1x(ctx, store, credentialType, { ...requestOptions });
						} catch (error) {
							let thrown = error;
							if ((error as { response?: { status?: number } }).response?.status === 401) {
								try {
									return await ctx.helpers.httpRequest(requestOptions);
								} catch (unauthenticated) {
									thrown = unauthenticated;
								}
							}
							throw asThrownByN8n1x(
								new NodeApiError(ctx.getNode(), thrown as JsonObject),
								ctx.getNode(),
							);
						}
					}
					try {
						return await real.apply(this, args);
					} catch (error) {
						throw asThrownByN8n1x(error, ctx.getNode());
					}
				},
			};
			const legacy = new Proxy(ctx, {
				get(target, property) {
					if (property === 'helpers') return helpers;
					const value: unknown = Reflect.get(target, property, target);
					return typeof value === 'function' ? value.bind(target) : value;
				},
			});
			return await tiktok.execute!.call(legacy);
		},
	};
}

/** An n8n 1.x process on the same credential store. */
export async function startN8n1x(store: CredentialStore): Promise<N8nInstance> {
	const pkg = await loadPackage();
	pkg.nodeTypes[TIKTOK_NODE_TYPE] = onN8n1x(pkg.nodeTypes[TIKTOK_NODE_TYPE], store);
	return new N8nInstance(store, pkg);
}
