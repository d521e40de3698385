// n8n loads the nodes and credentials listed in package.json's "n8n" field, never this file; it
// only lets `require()` of a linked checkout resolve. It is not part of the published package.
module.exports = {};
