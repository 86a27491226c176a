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
  /**
   * The link goes on its own line under a comment (a selected comment or an `image:` comment): in code,
   * HTML included, it is then a comment too, and `auto` means Markdown, which reads well there.
   */
  readonly besideComment?: boolean;
}

/** The text to insert for an image: relative to the document, in its language's form, commented in code. */
export function imageLinkText(input: ImageLinkTextInput): string {
  const rel = relativeImagePath(input.documentPath, input.imagePath);
  const link = imageLinkFor(input.languageId, input.alt, rel);
  if (input.besideComment) {
    const text = input.linkStyle === 'html' ? htmlImageTag(input.alt, rel) : markdownImageLink(input.alt, rel);
    // Prose (Markdown, MDX, plain text) shows the link as content; everything else gets a comment.
    const prose = link.form === 'markdown' && !link.needsComment;
    return prose ? text : commentLine(input.languageId, text);
  }
  const text =
    input.linkStyle === 'markdown'
      ? markdownImageLink(input.alt, rel)
      : input.linkStyle === 'html'
        ? htmlImageTag(input.alt, rel)
        : link.text;
  return link.needsComment ? commentLine(input.languageId, text) : text;
}
