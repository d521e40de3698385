/**
 * n8n's OAuth2 client names a failed refresh by its RFC 6749 description, not its code (on n8n 1.x
 * that text is all that survives): the node maps each description back to its code. The table is
 * checked against the descriptions the installed @n8n/client-oauth2 really sends (n8n 1.123.81's
 * copy has the same texts, compared on 2026-12-03).
 */
import { ERROR_RESPONSES } from '@n8n/client-oauth2/dist/constants.js';
import { describe, expect, it } from 'vitest';

import { oauthErrorOfRfcDescription } from '../../nodes/TikTok/auth/tokenErrors.ts';

describe('oauthErrorOfRfcDescription', () => {
	it.each(Object.entries(ERROR_RESPONSES))(
		"n8n's description of %s maps back to that code",
		(code, description) => {
			expect(oauthErrorOfRfcDescription(description)).toBe(code);
		},
	);

	it.each([
		['a TikTok message', 'Client key is missed in request.'],
		['a description quoted mid-sentence', 'Error: The requested scope is invalid, unknown.'],
		['an empty message', ''],
	])('%s is no OAuth error', (_name, message) => {
		expect(oauthErrorOfRfcDescription(message)).toBeUndefined();
	});
});
