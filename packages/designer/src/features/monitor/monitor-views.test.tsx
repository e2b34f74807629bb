// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TriggerRunInfo } from '../../api/client.js';
import { formatMetric, MetricsTable, ModelVersions } from './Models.js';
import { MonitorTabs } from './MonitorTabs.js';
import { describeFiring, TriggerRunTable, WindowTable } from './TriggerRuns.js';

afterEach(cleanup);

const run = (over: Partial<TriggerRunInfo>): TriggerRunInfo => ({
  triggerRunId: 'tr-1', triggerName: 'Nightly', triggerType: 'ScheduleTrigger', triggerRunTimestamp: '2024-03-01T08:00:01Z', status: 'Succeeded',
  triggeredPipelines: {}, properties: {}, ...over,
});

describe('trigger runs', () => {
  it.each([
    [{ scheduledTime: '2024-03-01T08:00:00Z' }, 'scheduled 2024-03-01T08:00:00Z'],
    [{ windowStartTime: 'a', windowEndTime: 'b', attempt: 1 }, 'window a – b'],
    [{ windowStartTime: 'a', windowEndTime: 'b', attempt: 2 }, 'window a – b, attempt 2'],
    [{ eventType: 'Microsoft.Storage.BlobCreated', folderPath: 'landing', fileName: 'x.csv' }, 'BlobCreated landing/x.csv'],
    [{ broker: 'redisStream', destination: 'readings', count: 3, attempt: 1 }, 'redisStream readings · 3 messages'],
    [{ method: 'POST' }, 'webhook POST'],
  ])('describes what fired %j', (properties, text) => {
    expect(describeFiring({ properties })).toBe(text);
  });

  it('lists runs with their pipeline runs as links to the run view, and their message ids', () => {
    const opened: string[] = [];
    render(
      <TriggerRunTable
        runs={[
          run({ triggeredPipelines: { Daily: 'run-aaaaaaaa-1', Report: 'run-bbbbbbbb-2' }, properties: { scheduledTime: '2024-03-01T08:00:00Z' } }),
          run({ triggerRunId: 'tr-2', triggerName: 'Readings', triggerType: 'QueueMessageTrigger', status: 'Failed', message: 'Ingest: PIPELINE_NOT_FOUND', messageIds: ['m1', 'm2'] }),
        ]}
        onOpenRun={(id) => opened.push(id)}
      />,
    );
    const table = screen.getByRole('table', { name: 'Trigger runs' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Open run run-bbbbbbbb-2 of Report' }));
    expect(opened).toEqual(['run-bbbbbbbb-2']);
    expect(screen.getByText('m1, m2')).toBeTruthy();
    expect(screen.getByText('Ingest: PIPELINE_NOT_FOUND')).toBeTruthy();
    // Status is a word, not only a colour.
    expect(screen.getByTestId('trigger-run-tr-2').textContent).toContain('Failed');
  });

  it('lists windows with their status; Rerun window is offered only for a finished window', () => {
    const reruns: string[] = [];
    const opened: string[] = [];
    render(
      <WindowTable
        trigger="Hourly"
        windows={[
          { windowStartTime: '2024-01-01T02:00:00.000Z', windowEndTime: '2024-01-01T03:00:00.000Z', status: 'Running', attempts: 1, runIds: ['r3'] },
          { windowStartTime: '2024-01-01T01:00:00.000Z', windowEndTime: '2024-01-01T02:00:00.000Z', status: 'Failed', attempts: 2, runIds: ['r2a', 'r2b'] },
        ]}
        onOpenRun={(id) => opened.push(id)}
        onRerun={(s) => reruns.push(s)}
      />,
    );
    expect((screen.getByRole('button', { name: 'Rerun window 2024-01-01T02:00:00.000Z' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Rerun window 2024-01-01T01:00:00.000Z' }));
    expect(reruns).toEqual(['2024-01-01T01:00:00.000Z']);
    fireEvent.click(screen.getByRole('button', { name: 'Open run r2b of window 2024-01-01T01:00:00.000Z' }));
    expect(opened).toEqual(['r2b']);
    expect(screen.getByRole('table', { name: 'Windows of Hourly' }).textContent).toContain('Running');
  });
});

describe('models', () => {
  it('formats metrics and folds structured ones', () => {
    expect(formatMetric(0.912345)).toBe('0.9123');
    expect(formatMetric(0.5)).toBe('0.5');
    expect(formatMetric(12)).toBe('12');
    render(<MetricsTable label="Metrics" metrics={{ auc: 0.91, accuracy: 0.8, confusionMatrix: { labels: ['a', 'b'], matrix: [[1, 0], [0, 1]] } }} />);
    const table = screen.getByRole('table', { name: 'Metrics' });
    expect(within(table).getByRole('rowheader', { name: 'auc' }).nextElementSibling!.textContent).toBe('0.91');
    expect(screen.getByText('confusionMatrix').tagName).toBe('SUMMARY');
  });

  it("lists a model's versions with stage, metrics and the training run's pipeline run", () => {
    const opened: string[] = [];
    render(
      <ModelVersions
        name="churn"
        versions={[
          { name: 'churn', version: 2, stage: 'production', createdAt: '2024-03-02T00:00:00Z', algorithm: 'logisticRegression', task: 'binaryClassification', metrics: { auc: 0.9 }, trainingRunId: 'tr-2' },
          { name: 'churn', version: 1, stage: 'archived', createdAt: '2024-03-01T00:00:00Z', algorithm: 'decisionTree', task: 'binaryClassification', metrics: { auc: 0.8 }, trainingRunId: 'tr-gone' },
        ]}
        trainingRuns={{ 'tr-2': { id: 'tr-2', experiment: 'churn', startedAt: '2024-03-02T00:00:00Z', durationMs: 42, algorithm: 'logisticRegression', task: 'binaryClassification', metrics: {}, lineage: { dataset: 'Customers', rows: 7043, runId: 'run-7', pipelineName: 'TrainChurn', activityName: 'Train' } } }}
        onOpenRun={(id) => opened.push(id)}
      />,
    );
    const rows = within(screen.getByRole('table', { name: 'Versions of churn' })).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('production');
    expect(within(screen.getByRole('table', { name: 'Metrics of churn version 1' })).getByText('0.8')).toBeTruthy();
    expect(screen.getByText('Customers, 7043 rows')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open training pipeline run run-7' }));
    expect(opened).toEqual(['run-7']);
  });
});

describe('monitor tabs', () => {
  it('switches tabs with the arrow keys and keeps the pipeline-runs view it is given', () => {
    const tabs: string[] = [];
    render(<MonitorTabs tab="pipelines" onTab={(t) => tabs.push(t)} onOpenRun={() => undefined} pipelineRuns={<p>the runs list</p>} />);
    expect(screen.getByRole('tabpanel').textContent).toBe('the runs list');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Pipeline runs' }), { key: 'ArrowRight' });
    fireEvent.click(screen.getByRole('tab', { name: 'Models' }));
    expect(tabs).toEqual(['triggers', 'models']);
  });
});
