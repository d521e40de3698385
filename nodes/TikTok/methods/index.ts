// Dropdown and list-search methods the node's description refers to by name.
import { searchBusinessVideos, searchVideos } from './listSearch';
import { getPrivacyLevels } from './loadOptions';

export const loadOptions = { getPrivacyLevels };
export const listSearch = { searchVideos, searchBusinessVideos };
