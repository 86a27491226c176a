/** The help lines for the flags every image-making command shares (see jobFlags.ts). */
export const JOB_FLAGS_HELP = `Where and how:
  --workspace DIR          folder the images and manifest belong to (default: the current folder)
  --output-folder DIR      subfolder for images, made git-ignored (default ignore)
  --no-cache               pay for a new image even when an identical request was saved before
  --json                   print a machine-readable result on stdout
  -y, --yes                accept a cost above the confirmation threshold without asking
  --confirm-above USD      ask before a request estimated above this (or IMAGE_STUDIO_CONFIRM_ABOVE_USD; default 0.50)
  --monthly-budget USD     refuse requests that would bring this month's spend over this
                           (or IMAGE_STUDIO_MONTHLY_BUDGET_USD; default 0 = no cap)
  --base-url URL           OpenAI-compatible endpoint (or IMAGE_STUDIO_BASE_URL; OPENAI_BASE_URL is ignored)
  --images-per-minute N    your account's limit, to pace requests (default 5, tier 1)`;
