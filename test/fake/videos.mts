/**
 * Display API part of the fake: the users' public videos, `POST /v2/video/list/` and
 * `POST /v2/video/query/`. (Filled in with the Video resource.)
 */
import type { FakeTikTok } from './tiktok.mts';

export class VideoLibrary {
	constructor(readonly fake: FakeTikTok) {}
}

export function registerVideoRoutes(fake: FakeTikTok): void {
	void fake;
}
