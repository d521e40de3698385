/**
 * The Connect button, as n8n 2.41.1's CLI performs it (OauthService.generateAOauth2AuthUri and
 * OAuth2CredentialController.handleCallback): the credential is resolved (defaults, `$self`
 * expressions), `authQueryParameters` is qs-parsed onto the authorize URL, and with
 * `authentication: 'body'` the callback merges `additionalBodyProperties` with client_id and
 * client_secret into the code-exchange form. The end-to-end suite repeats this against a real
 * n8n; here it runs in-process with the same OAuth client library n8n uses.
 */
import { ClientOAuth2 } from '@n8n/client-oauth2';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeCredentialsDetails,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';
import { parse as parseQuery } from 'node:querystring';

import type { FakeTikTok } from '../fake/tiktok.mts';
import type { N8nInstance } from './engine.mts';

export const N8N_OAUTH_CALLBACK = 'https://n8n.example.test/rest/oauth2-credential/callback';

function optionsFromCredential(credential: ICredentialDataDecryptedObject) {
	const scope = String(credential.scope ?? 'openid');
	const options: ConstructorParameters<typeof ClientOAuth2>[0] & { body?: IDataObject } = {
		clientId: credential.clientId as string,
		clientSecret: credential.clientSecret as string,
		accessTokenUri: credential.accessTokenUrl as string,
		authorizationUri: credential.authUrl as string,
		authentication: (credential.authentication as 'body' | 'header') ?? 'header',
		redirectUri: N8N_OAUTH_CALLBACK,
		scopes: scope.split(','),
		scopesSeparator: scope.includes(',') ? ',' : ' ',
	};
	if (
		typeof credential.additionalBodyProperties === 'string' &&
		credential.additionalBodyProperties
	) {
		options.body = jsonParse(credential.additionalBodyProperties);
	}
	return options;
}

async function resolved(
	n8n: N8nInstance,
	details: INodeCredentialsDetails,
): Promise<ICredentialDataDecryptedObject> {
	return await n8n.credentialsHelper.getDecrypted(
		{} as IWorkflowExecuteAdditionalData,
		details,
		'tikTokOAuth2Api',
		'internal',
	);
}

/** GET /rest/oauth2-credential/auth: the URL n8n sends the browser to. */
export async function authorizeUrl(
	n8n: N8nInstance,
	details: INodeCredentialsDetails,
	state = 'csrf-state',
): Promise<string> {
	const credential = await resolved(n8n, details);
	const options = { ...optionsFromCredential(credential), state };
	if (credential.authQueryParameters) {
		(options as { query?: unknown }).query = parseQuery(String(credential.authQueryParameters));
	}
	return new ClientOAuth2(options).code.getUri();
}

/** The user approves in the browser (at the fake) and TikTok redirects back to n8n's callback. */
export async function approveAtFake(fake: FakeTikTok, url: string): Promise<URL> {
	const response = await fake.handle({ method: 'GET', url, headers: {}, body: Buffer.alloc(0) });
	const location = response.headers?.location;
	if (response.status !== 302 || !location)
		throw new Error(`TikTok did not redirect: ${String(response.body)}`);
	return new URL(location);
}

/** GET /rest/oauth2-credential/callback: exchanges the code and stores oauthTokenData. */
export async function handleCallback(
	n8n: N8nInstance,
	details: INodeCredentialsDetails,
	callback: URL,
): Promise<void> {
	const credential = await resolved(n8n, details);
	const options = optionsFromCredential(credential);
	const body: IDataObject = { ...(options.body ?? {}) };
	if (options.authentication === 'body') {
		body.client_id = options.clientId;
		if (options.clientSecret) body.client_secret = options.clientSecret;
		delete options.clientSecret;
	}
	const client = new ClientOAuth2(options);
	const token = await client.code.getToken(`${options.redirectUri}${callback.search}`, { body });
	const query = Object.fromEntries(callback.searchParams.entries());
	delete query.state;
	delete query.code;
	const stored = await n8n.store.read(details.id ?? '');
	const oauthTokenData: IDataObject = { ...token.data, callbackQueryString: query };
	const expiresIn = Number(token.data.expires_in);
	if (expiresIn > 0) oauthTokenData.n8n_expires_at = String(Date.now() + expiresIn * 1000);
	await n8n.store.write(details.id ?? '', { ...stored, oauthTokenData }, 'updateCredentials');
}
