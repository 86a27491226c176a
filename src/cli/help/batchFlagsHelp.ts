/** The help lines for the flags the batch subcommands share (see batchFlags.ts). */
export const BATCH_FLAGS_HELP = `  --workspace DIR   folder the batch record (.imagestudio/batches), images and
                    manifest belong to (default: the current folder)
  --json            print a machine-readable result on stdout
  --base-url URL    OpenAI-compatible endpoint (or IMAGE_STUDIO_BASE_URL; OPENAI_BASE_URL is ignored)`;
