/** TikTok's hosts, token endpoints and the credential names, shared by credentials and node. */
import type { ICredentialTestRequest } from 'n8n-workflow';

/** Hosts and paths from TikTok for Developers; every v2 path ends with a slash. */
export const TIKTOK_API_BASE_URL = 'https://open.tiktokapis.com';
export const TIKTOK_AUTHORIZE_URL = 'https://www.tiktok.com/v2/auth/authorize/';
export const TIKTOK_TOKEN_URL = `${TIKTOK_API_BASE_URL}/v2/oauth/token/`;

/** The test both TikTok for Developers credentials run: the profile's ID and name. */
export const DEVELOPERS_CREDENTIAL_TEST: ICredentialTestRequest = {
	request: {
		baseURL: TIKTOK_API_BASE_URL,
		url: '/v2/user/info/',
		qs: { fields: 'open_id,display_name' },
	},
};

export const CREDENTIAL_OAUTH2 = 'tikTokOAuth2Api';
export const CREDENTIAL_REFRESH_TOKEN = 'tikTokRefreshTokenApi';
export const CREDENTIAL_BUSINESS = 'tikTokBusinessOAuth2Api';

/** Values of the node's `authentication` parameter, mapped to the credential type they select. */
export const AUTHENTICATION_CREDENTIALS = {
	oAuth2: CREDENTIAL_OAUTH2,
	refreshToken: CREDENTIAL_REFRESH_TOKEN,
} as const;
export type AuthenticationMethod = keyof typeof AUTHENTICATION_CREDENTIALS;

/** Content type TikTok documents for every JSON body. */
export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/**
 * TikTok API for Business (comments): a separate product with its own app, OAuth and envelope.
 * Every path lives under this base and ends with a slash. See docs/business-api.md.
 */
export const TIKTOK_BUSINESS_API_BASE_URL = 'https://business-api.tiktok.com/open_api/v1.3/';
export const BUSINESS_CODE_EXCHANGE_PATH = 'tt_user/oauth2/token/';
export const BUSINESS_REFRESH_PATH = 'tt_user/oauth2/refresh_token/';
export const BUSINESS_GRANT_INFO_PATH = 'tt_user/token_info/get/';
