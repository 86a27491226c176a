/**
 * Whether a URI names a path on the extension host's own disk that a plain path can reach: the `file:` scheme with
 * no authority. A Windows network path (`\\\\server\\share`) is `file://server/share`: its server lives in the
 * authority. No `vscode` import, so the unit tests check it.
 */
export function isOnLocalDisk(uri: { readonly scheme: string; readonly authority: string }): boolean {
  return uri.scheme === 'file' && uri.authority === '';
}
