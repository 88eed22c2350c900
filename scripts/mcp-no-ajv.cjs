// Bundled in place of the MCP SDK's Ajv validator (scripts/build.mjs): the server validates JSON Schemas only for
// elicitation forms it sends to the client, which `redis-cluster mcp` never sends; Ajv would add ~130 KB.
class AjvJsonSchemaValidator {
  getValidator() {
    throw new TypeError('JSON Schema validation (elicitation) is not part of this build of the MCP server');
  }
}
module.exports = { AjvJsonSchemaValidator };
