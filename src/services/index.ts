// The extension's long-lived objects, all built once in activate() and passed explicitly to the command families
// (no global container, no lazy singletons). Views get only BaseServices plus what they are handed.
import type { AgentTools } from '../agent/record';
import type { AnalyzePanels } from '../views/analyze';
import type { KeysInCodeController } from '../language/keysInCode/controller';
import type { ContextKeys } from '../views/contextKeys';
import type { WalkthroughState } from '../views/walkthrough';
import type { Dashboards } from '../views/dashboard';
import type { DoctorReports } from '../views/diagnose/report';
import type { KeyViews } from '../views/keys';
import type { PlanPreviews } from '../views/planPreview';
import type { Explorer } from '../views/tree';
import type { BaseServices } from './base';
import type { Monitor } from './monitor';
import type { ReplayFiles } from './replay';

export interface Services extends BaseServices {
  /** Keeps connected clusters fresh and announces failures. */
  monitor: Monitor;
  /** The cluster explorer: tree, its view, the status bar. */
  explorer: Explorer;
  /** One dashboard panel per profile. */
  dashboards: Dashboards;
  /** The key browser and the key documents. */
  keys: KeyViews;
  /** Read-only preview documents of plans and reports. */
  previews: PlanPreviews;
  /** Analyze Keyspace report panels, one per profile. */
  analyses: AnalyzePanels;
  /** Diagnose reports: rendered documents and their findings in the Problems panel. */
  doctor: DoctorReports;
  /** Keys in code: diagnostics, hovers, lenses and quick fixes. */
  keysInCode: KeysInCodeController;
  /** redisCluster.* context keys for when/enablement clauses. */
  contextKeys: ContextKeys;
  walkthrough: WalkthroughState;
  /** The CLI path and exported profile files that the log's action lines name. */
  replay: ReplayFiles;
  /** The language model tools (their test-mode record of confirmations). */
  agentTools?: AgentTools;
  /** Milliseconds from bundle load to the end of activate(). */
  activationMs?: number;
}
