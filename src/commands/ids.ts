/** Every command id, once; a unit test checks them against package.json. */
export const commandIds = {
  generateImage: 'imageStudio.generateImage',
  generateFromSelection: 'imageStudio.generateFromSelection',
  generateFromComment: 'imageStudio.generateFromComment',
  openImage: 'imageStudio.openImage',
  setApiKey: 'imageStudio.setApiKey',
  clearApiKey: 'imageStudio.clearApiKey',
  openPanel: 'imageStudio.openPanel',
  openLog: 'imageStudio.openLog',
  showUsage: 'imageStudio.showUsage',
  editImage: 'imageStudio.editImage',
  regenerateMissing: 'imageStudio.regenerateMissing',
  importApiKeyFromEnv: 'imageStudio.importApiKeyFromEnv',
  copyMcpConfiguration: 'imageStudio.copyMcpConfiguration',
} as const;

export type CommandId = (typeof commandIds)[keyof typeof commandIds];

export const viewIds = {
  container: 'imageStudio',
  panel: 'imageStudio.panel',
} as const;
