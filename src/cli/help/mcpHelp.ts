/** `image-studio mcp --help`. */
import type { CommandHelp } from './commandHelp';

const usage = 'Usage: image-studio mcp [options]   (started by an MCP client, which talks to it over stdin/stdout)';

export const mcpHelp: CommandHelp = {
  name: 'mcp',
  summary: 'serve the image tools to an agent over MCP (stdio)',
  usage,
  help: `${usage}

Tools: generate_image, edit_image (both paid: saved in the output folder and recorded in
.imagestudio/manifest.json and the usage ledger, as generate and edit do), list_images and
estimate_cost (free). A request above --confirm-above is asked about through the client
(MCP elicitation), and refused when the client cannot ask; --monthly-budget refuses before sending.

The workspace is the folder the server is started in (or --workspace); the key comes from
OPENAI_API_KEY or the .env of the folder it is started in, and is never written anywhere.
Progress and errors go to stderr; stdout carries only the protocol.

  --workspace DIR          folder the images and manifest belong to (default: the current folder)
  --output-folder DIR      subfolder for images, made git-ignored (default ignore)
  --no-cache               pay for a new image even when an identical request was saved before
  --confirm-above USD      ask before a request estimated above this (or IMAGE_STUDIO_CONFIRM_ABOVE_USD; default 0.50)
  --monthly-budget USD     refuse requests that would bring this month's spend over this
                           (or IMAGE_STUDIO_MONTHLY_BUDGET_USD; default 0 = no cap)
  --base-url URL           OpenAI-compatible endpoint (or IMAGE_STUDIO_BASE_URL; OPENAI_BASE_URL is ignored)
  --images-per-minute N    your account's limit, to pace requests (default 5, tier 1)
`,
};
