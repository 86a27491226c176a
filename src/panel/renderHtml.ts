/** What the page needs from the host; plain strings so this module stays free of vscode. */
export interface PanelHtmlInputs {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly codiconsUri: string;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The exact Content-Security-Policy of the panel: no inline code, no remote sources. */
export function panelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** The panel's HTML shell; all content is built by the script with textContent, never from strings here. */
export function renderPanelHtml(inputs: PanelHtmlInputs): string {
  const a = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="${a(panelCsp(inputs.cspSource, inputs.nonce))}">
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(inputs.codiconsUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${a(inputs.styleUri)}">
<title>Image Studio</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${a(inputs.nonce)}" src="${a(inputs.scriptUri)}"></script>
</body>
</html>`;
}
