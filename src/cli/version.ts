/** The CLI's and MCP server's version, printed by `image-studio --version`; kept equal to package.json's. */
export const CLI_VERSION = '0.1.0';
