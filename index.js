// n8n loads the nodes and credentials listed in package.json's "n8n" field; this entry point
// exists only so that `require('n8n-nodes-tiktok-api')` resolves.
module.exports = {};
