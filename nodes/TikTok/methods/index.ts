// Dropdown and list-search methods the node's description refers to by name.
export const loadOptions = {};
export const listSearch = {};
