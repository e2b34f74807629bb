/**
 * The monitor's tabs: pipeline runs (Monitor.tsx's list), trigger runs and models. The active tab is kept by
 * the Monitor, so coming back from a run opened here returns to the same tab.
 */
import type { ReactNode } from 'react';
import { Tabs } from '../pipeline/Tabs.js';
import { Models } from './Models.js';
import { TriggerRuns } from './TriggerRuns.js';

/** A monitor tab. */
export type MonitorTab = 'pipelines' | 'triggers' | 'models';

/** Props of {@link MonitorTabs}. */
export interface MonitorTabsProps {
  tab: MonitorTab;
  onTab(tab: MonitorTab): void;
  /** The pipeline-runs list (owned by Monitor.tsx). */
  pipelineRuns: ReactNode;
  onOpenRun(runId: string): void;
}

/** The tab list and the active view. */
export function MonitorTabs({ tab, onTab, pipelineRuns, onOpenRun }: MonitorTabsProps): ReactNode {
  return (
    <Tabs
      label="Monitor"
      active={tab}
      onChange={(id) => onTab(id as MonitorTab)}
      tabs={[
        { id: 'pipelines', label: 'Pipeline runs', render: () => pipelineRuns },
        { id: 'triggers', label: 'Trigger runs', render: () => <TriggerRuns onOpenRun={onOpenRun} /> },
        { id: 'models', label: 'Models', render: () => <Models onOpenRun={onOpenRun} /> },
      ]}
    />
  );
}
