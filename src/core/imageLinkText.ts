import { commentLine } from './commentPrompt';
import { htmlImageTag, imageLinkFor, markdownImageLink, relativeImagePath } from './markdownLink';

export interface ImageLinkTextInput {
  /** URI path of the document the link goes into. */
  readonly documentPath: string;
  readonly languageId: string;
  /** URI path of the saved image. */
  readonly imagePath: string;
  readonly alt: string;
  readonly linkStyle: 'auto' | 'markdown' | 'html';
}

/** The text to insert for an image: relative to the document, in its language's form, commented in code. */
export function imageLinkText(input: ImageLinkTextInput): string {
  const rel = relativeImagePath(input.documentPath, input.imagePath);
  const link = imageLinkFor(input.languageId, input.alt, rel);
  const text = input.linkStyle === 'markdown' ? markdownImageLink(input.alt, rel) : input.linkStyle === 'html' ? htmlImageTag(input.alt, rel) : link.text;
  return link.needsComment ? commentLine(input.languageId, text) : text;
}
