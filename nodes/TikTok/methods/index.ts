// Dropdown and list-search methods the node's description refers to by name.
import { searchVideos } from './listSearch';
import { getPrivacyLevels } from './loadOptions';

export const loadOptions = { getPrivacyLevels };
export const listSearch = { searchVideos };
