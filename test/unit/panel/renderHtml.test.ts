import { strict as assert } from 'node:assert';
import { panelCsp, renderPanelHtml } from '../../../src/panel/renderHtml';

const inputs = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123nonce',
  scriptUri: 'https://x/dist/webview.js',
  styleUri: 'https://x/dist/webview.css',
  codiconsUri: 'https://x/dist/codicons/codicon.css',
};

describe('panel HTML', () => {
  it('sets exactly the strict CSP as the first meta of the head', () => {
    const html = renderPanelHtml(inputs);
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    assert.match(head, /^<head>\s*<meta http-equiv="Content-Security-Policy"/);
    assert.equal(
      panelCsp(inputs.cspSource, inputs.nonce),
      `default-src 'none'; img-src ${inputs.cspSource} data:; style-src ${inputs.cspSource}; ` +
        `font-src ${inputs.cspSource}; script-src 'nonce-abc123nonce'`,
    );
  });

  it('puts the nonce on every script and allows nothing inline or remote', () => {
    const html = renderPanelHtml(inputs);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.match(tag, /nonce="abc123nonce"/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|https:\s|http:\s|<style|\son\w+=/);
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/, 'no inline script bodies');
  });

  it('escapes attribute values', () => {
    const html = renderPanelHtml({ ...inputs, scriptUri: 'https://x/"><script>alert(1)</script>' });
    assert.doesNotMatch(html, /"><script>alert/);
  });
});

describe('panel HTML nonce', () => {
  it('matches the CSP nonce on every script tag of a render', () => {
    const html = renderPanelHtml({ ...inputs, nonce: 'Zm9vYmFyYmF6cXV4MTIzNA==' });
    const csp = /content="([^"]+)"/.exec(html)?.[1] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.equal(nonce, 'Zm9vYmFyYmF6cXV4MTIzNA==');
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0);
    for (const tag of scripts) assert.equal(/nonce="([^"]+)"/.exec(tag)?.[1], nonce);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    for (const directive of csp.split(';').map((d) => d.trim())) {
      const sources = directive.split(/\s+/).slice(1);
      for (const source of sources)
        assert.ok(
          source === inputs.cspSource || source === 'data:' || source === "'none'" || source.startsWith("'nonce-"),
          `unexpected source ${source} in ${directive}`,
        );
    }
  });
});
