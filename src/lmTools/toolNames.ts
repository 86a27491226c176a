/** The language-model tools' names, as package.json's `languageModelTools` declares them (a unit test checks). */
export const lmToolNames = {
  generateImage: 'imageStudio_generateImage',
  editImage: 'imageStudio_editImage',
  listImages: 'imageStudio_listImages',
  estimateCost: 'imageStudio_estimateImageCost',
} as const;

export type LmToolName = (typeof lmToolNames)[keyof typeof lmToolNames];
