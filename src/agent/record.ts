// What the extension keeps of its language model tools for tests (no imports: Services names it).
export interface AgentTools {
  /**
   * ExtensionMode.Test only: each confirmation prepareInvocation gave VS Code, in order. In extension-test mode the
   * workbench accepts confirmations without showing them (its dialog service skips dialogs in tests), so this is how
   * a test sees what a user would have been asked.
   */
  confirmations?: { tool: string; title: string; message: string }[];
}
