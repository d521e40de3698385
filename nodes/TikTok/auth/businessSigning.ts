/**
 * How the TikTok Business credential signs a request (its `authenticate`), as a pure function.
 *
 * - `Access-Token: <token>` on every request: the Business API does not use `Authorization: Bearer`.
 * - `business_id` on every call under `…/business/…`, taken from the credential (the `open_id` the
 *   token exchange returned), never from node parameters: in the query for GET, in the JSON body
 *   otherwise. The credential knows the account only after its hook ran, which is also why this
 *   happens here and not in the node: n8n signs after the hook.
 * - `tt_user/token_info/get/` takes the token in its body (`app_id` + `access_token`); the
 *   credential test calls it.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

const BUSINESS_HOST = 'business-api.tiktok.com';

function fullUrl(options: IHttpRequestOptions): URL | undefined {
	const base = options.baseURL ?? '';
	const url = options.url ?? '';
	try {
		return new URL(
			/^https?:\/\//i.test(url) ? url : `${base.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`,
		);
	} catch {
		return undefined;
	}
}

/** `business_id` first (as TikTok's examples write it), replacing any other value. */
function withBusinessId(source: IDataObject, businessId: string): IDataObject {
	const out: IDataObject = { business_id: businessId };
	for (const [key, value] of Object.entries(source)) if (key !== 'business_id') out[key] = value;
	return out;
}

/** A call that acts for the account (under `…/business/…`), which TikTok refuses without `business_id`. */
export function isBusinessAccountCall(options: IHttpRequestOptions): boolean {
	const url = fullUrl(options);
	return url !== undefined && url.host === BUSINESS_HOST && url.pathname.includes('/business/');
}

export function signBusinessRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const accessToken = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	const options: IHttpRequestOptions = {
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), 'Access-Token': accessToken },
	};
	const url = fullUrl(options);
	if (!url || url.host !== BUSINESS_HOST) return options;

	if (url.pathname.endsWith('/tt_user/token_info/get/')) {
		const body =
			options.body && typeof options.body === 'object' ? (options.body as IDataObject) : {};
		options.body = { ...body, app_id: String(credentials.appId ?? ''), access_token: accessToken };
		return options;
	}
	if (isBusinessAccountCall(options)) {
		const businessId = typeof credentials.businessId === 'string' ? credentials.businessId : '';
		const method = (options.method ?? 'GET').toUpperCase();
		if (method === 'GET' || method === 'DELETE') {
			options.qs = withBusinessId(options.qs ?? {}, businessId);
		} else {
			const body =
				options.body && typeof options.body === 'object' ? (options.body as IDataObject) : {};
			options.body = withBusinessId(body, businessId);
		}
	}
	return options;
}
