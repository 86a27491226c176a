/** The Azure OpenAI API version Image Studio asks for unless the person sets another (public code uses this one). */
export const DEFAULT_AZURE_API_VERSION = '2025-04-01-preview';
