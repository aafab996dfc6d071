import { Fragment, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { TaskGroupRow, TaskRow, TaskStatus } from '../../../../shared/outcomes';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { Money } from '../../components/money';
import { Page } from '../../components/page';
import { StatCard } from '../../components/stat-card';
import { formatCount, formatTime, formatTokens } from '../../lib/format';
import { hrefFor } from '../../router';
import { selectMark, tasksStore, useTasks } from '../../stores/tasks-store';
import '../requests/page-common.css';
import { FormField } from '../rules/form-field';
import {
  filterTasks,
  MAX_NOTE_CHARS,
  OUTCOME_LABELS,
  resolvedShare,
  STATUS_FILTERS,
  TASK_RANGES,
  validateOutcome,
  type OutcomeForm,
  type StatusFilter,
} from './task-view';
import './tasks.css';

const PAGE = 200;

const GROUP_COLUMNS = (what: string): Column<TaskGroupRow>[] => [
  { id: 'key', header: what, cell: (row) => row.key, sortValue: (row) => row.key, rowHeader: true },
  {
    id: 'tasks',
    header: 'Tasks',
    cell: (row) => formatCount(row.tasks),
    sortValue: (row) => row.tasks,
    numeric: true,
  },
  {
    id: 'resolved',
    header: 'Resolved',
    cell: (row) => formatCount(row.resolvedTasks),
    sortValue: (row) => row.resolvedTasks,
    numeric: true,
  },
  {
    id: 'cost',
    header: 'Cost',
    cell: (row) => <Money value={row.costUsd} unpriced={row.unpricedRequests} />,
    sortValue: (row) => row.costUsd,
    numeric: true,
  },
  {
    id: 'perTask',
    header: 'Per task',
    cell: (row) => (row.costPerTaskUsd === null ? '—' : <Money value={row.costPerTaskUsd} />),
    sortValue: (row) => row.costPerTaskUsd,
    numeric: true,
  },
  {
    id: 'perResolved',
    header: 'Per resolved task (all-in)',
    cell: (row) => (row.costPerResolvedTaskUsd === null ? '—' : <Money value={row.costPerResolvedTaskUsd} />),
    sortValue: (row) => row.costPerResolvedTaskUsd,
    numeric: true,
  },
];
const TOOL_COLUMNS = GROUP_COLUMNS('Tool');
const MODEL_COLUMNS = GROUP_COLUMNS('Model');

function MarkForm({ task, onDone }: { task: TaskRow; onDone: () => void }) {
  const [form, setForm] = useState<OutcomeForm>({
    outcome: task.outcome === 'open' ? 'resolved' : task.outcome,
    note: task.note ?? '',
  });
  const mark = useTasks((s) => selectMark(s, task.taskId));
  const errors = validateOutcome(form);
  const id = `task-${task.taskId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(errors).length > 0) return;
    if (await tasksStore.getState().mark(task.taskId, form)) onDone();
  };
  return (
    <form className="task-mark" onSubmit={submit} noValidate aria-label={`Mark task ${task.taskId}`}>
      <fieldset className="fb-fieldset">
        <legend>Outcome</legend>
        <div className="fb-inline" role="radiogroup" aria-label="Outcome">
          {(['resolved', 'failed', 'abandoned', 'open'] as TaskStatus[]).map((outcome) => (
            <label key={outcome} className="fb-check">
              <input
                type="radio"
                name={`${id}-outcome`}
                checked={form.outcome === outcome}
                onChange={() => setForm((f) => ({ ...f, outcome, note: outcome === 'open' ? '' : f.note }))}
              />
              {outcome === 'open' ? 'Open (clear the mark)' : OUTCOME_LABELS[outcome]}
            </label>
          ))}
        </div>
      </fieldset>
      <FormField
        id={`${id}-note`}
        label="Note (optional)"
        error={errors.note}
        help={`What happened, for later; up to ${MAX_NOTE_CHARS} characters`}
      >
        <input
          value={form.note}
          disabled={form.outcome === 'open'}
          onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))}
        />
      </FormField>
      {mark?.error && (
        <p className="fb-field-error" role="alert">
          Not saved: {mark.error}
        </p>
      )}
      <div className="fb-actions">
        <button
          type="submit"
          className="button button-primary fb-primary"
          disabled={mark?.saving || Object.keys(errors).length > 0}
        >
          {mark?.saving ? 'Saving…' : 'Save outcome'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function TaskTable({ tasks }: { tasks: TaskRow[] }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const visible = tasks.slice(0, shown);
  return (
    <>
      <div className="table-scroll">
        <table className="fb-table task-table">
          <caption className="fb-visually-hidden">Tasks, most recent first</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Tool / model</th>
              <th scope="col">Last request</th>
              <th scope="col" className="num">
                Requests
              </th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((task) => (
              <Fragment key={task.taskId}>
                <tr>
                  <th scope="row" className="task-id">
                    <code title={task.taskId}>{task.taskId}</code>
                  </th>
                  <td>
                    {task.tools.join(', ')}
                    <div className="fb-muted">{task.models.join(', ')}</div>
                  </td>
                  <td>
                    <time dateTime={task.lastRequestAt}>{formatTime(task.lastRequestAt)}</time>
                  </td>
                  <td className="num">{formatCount(task.requests)}</td>
                  <td className="num">{formatTokens(task.tokens.total)}</td>
                  <td className="num">
                    <Money value={task.costUsd} unpriced={task.unpricedRequests} />
                  </td>
                  <td>
                    <span
                      className={`fb-badge ${task.outcome === 'resolved' ? 'is-ok' : task.outcome === 'open' ? '' : 'is-bad'}`}
                    >
                      {OUTCOME_LABELS[task.outcome]}
                    </span>
                    {task.note && <div className="fb-muted task-note">{task.note}</div>}{' '}
                    <button
                      type="button"
                      className="button"
                      aria-expanded={editing === task.taskId}
                      aria-label={`Mark outcome of task ${task.taskId}`}
                      onClick={() => setEditing(editing === task.taskId ? null : task.taskId)}
                    >
                      Mark…
                    </button>
                  </td>
                </tr>
                {editing === task.taskId && (
                  <tr className="task-mark-row">
                    <td colSpan={7}>
                      <MarkForm task={task} onDone={() => setEditing(null)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {tasks.length > shown && (
        <p>
          <button type="button" className="button" onClick={() => setShown((n) => n + PAGE)}>
            Show {formatCount(Math.min(PAGE, tasks.length - shown))} more of{' '}
            {formatCount(tasks.length - shown)}
          </button>
        </p>
      )}
    </>
  );
}

export function TasksPage() {
  const state = useTasks(
    useShallow((s) => ({
      range: s.range,
      report: s.report,
      loading: s.loading,
      error: s.error,
      status: s.status,
      search: s.search,
    })),
  );
  const store = tasksStore.getState();
  useEffect(() => tasksStore.getState().start(), []);
  const tasks = useMemo(
    () => filterTasks(state.report?.tasks ?? [], state.status, state.search),
    [state.report, state.status, state.search],
  );
  const report = state.report;
  const summary = report?.summary;

  const actions = (
    <div className="segmented" role="group" aria-label="Time range">
      {TASK_RANGES.map((range) => (
        <button
          key={range.id}
          type="button"
          className="button"
          aria-pressed={state.range === range.id}
          onClick={() => store.setRange(range.id)}
        >
          {range.label}
        </button>
      ))}
    </div>
  );

  return (
    <Page
      title="Tasks & outcomes"
      description="What each task cost, and what a resolved one costs once the failures are paid for. Mark outcomes to see it."
      actions={actions}
      error={state.error}
    >
      <div className="fb-page page-tasks">
        {state.loading && !report ? (
          <p className="fb-muted">Loading tasks…</p>
        ) : !report || !summary || (summary.tasks === 0 && report.untasked.requests === 0) ? (
          <EmptyState
            title="No tasks in this range"
            action={{ label: 'Connect a tool', href: hrefFor('connect') }}
            secondary={{ label: 'See the request log', href: hrefFor('requests') }}
          >
            <p>
              A task groups the requests of one piece of work: Farebox uses the tool’s session id, or an{' '}
              <code>x-farebox-task</code> header you set per task. Once requests arrive, mark each task
              resolved, failed or abandoned here to learn the real cost per resolved task.
            </p>
          </EmptyState>
        ) : (
          <>
            <div className="stat-grid">
              <StatCard label="Tasks" value={formatCount(summary.tasks)} hint={resolvedShare(summary)}>
                <p className="fb-hint">
                  {summary.failed} failed · {summary.abandoned} abandoned · {summary.open} open
                </p>
              </StatCard>
              <StatCard
                label="Cost of tasks"
                value={<Money value={summary.costUsd} />}
                hint={
                  <>
                    <Money value={summary.onDemandCostUsd} /> of it paid per token
                    {summary.unpricedRequests > 0 &&
                      ` · ${formatCount(summary.unpricedRequests)} unpriced requests not included`}
                  </>
                }
              />
              <StatCard
                label="Per task"
                value={summary.costPerTaskUsd === null ? '—' : <Money value={summary.costPerTaskUsd} />}
              />
              <StatCard
                label="Per resolved task (all-in)"
                tone={summary.costPerResolvedTaskUsd === null ? 'neutral' : 'good'}
                value={
                  summary.costPerResolvedTaskUsd === null ? (
                    '—'
                  ) : (
                    <Money value={summary.costPerResolvedTaskUsd} />
                  )
                }
                hint={
                  summary.costPerResolvedTaskUsd === null
                    ? 'Mark a task resolved to see this'
                    : 'Every task’s cost ÷ resolved tasks: failures included'
                }
              />
              <StatCard
                label="A resolved task itself"
                value={
                  summary.meanResolvedTaskCostUsd === null ? (
                    '—'
                  ) : (
                    <Money value={summary.meanResolvedTaskCostUsd} />
                  )
                }
                hint="Mean cost of the resolved tasks alone"
              />
              <StatCard
                label="Outside any task"
                value={<Money value={report.untasked.costUsd} />}
                hint={`${formatCount(report.untasked.requests)} requests with no session or task header${report.untasked.unpricedRequests > 0 ? ` (${formatCount(report.untasked.unpricedRequests)} unpriced)` : ''}`}
              />
            </div>

            {summary.open === summary.tasks && summary.tasks > 0 && (
              <p className="fb-banner" role="note">
                No task is marked yet. Use <strong>Mark…</strong> on a task below to record whether it was
                resolved; the cost per resolved task appears as soon as one is.
              </p>
            )}

            <div className="task-groups">
              <section className="fb-card" aria-labelledby="tasks-by-tool">
                <h2 id="tasks-by-tool">By tool</h2>
                <DataTable
                  caption="Tasks by tool"
                  hideCaption
                  columns={TOOL_COLUMNS}
                  rows={report.byTool}
                  rowKey={(row) => row.key}
                  initialSort={{ column: 'cost', direction: 'desc' }}
                  empty={<p className="fb-muted">No tasks.</p>}
                />
              </section>
              <section className="fb-card" aria-labelledby="tasks-by-model">
                <h2 id="tasks-by-model">By model</h2>
                <DataTable
                  caption="Tasks by model"
                  hideCaption
                  columns={MODEL_COLUMNS}
                  rows={report.byModel}
                  rowKey={(row) => row.key}
                  initialSort={{ column: 'cost', direction: 'desc' }}
                  empty={<p className="fb-muted">No tasks.</p>}
                />
              </section>
            </div>

            <section className="fb-card" aria-labelledby="task-list-title">
              <div className="task-list-head">
                <h2 id="task-list-title">Tasks</h2>
                <div className="segmented" role="group" aria-label="Outcome filter">
                  {STATUS_FILTERS.map((filter) => (
                    <button
                      key={filter.id}
                      type="button"
                      className="button"
                      aria-pressed={state.status === filter.id}
                      onClick={() => store.setStatus(filter.id as StatusFilter)}
                    >
                      {filter.label}
                    </button>
                  ))}
                </div>
                <div className="fb-field">
                  <label htmlFor="task-search" className="fb-visually-hidden">
                    Search tasks
                  </label>
                  <input
                    id="task-search"
                    type="search"
                    placeholder="Search task, tool, model or note"
                    value={state.search}
                    onChange={(e) => store.setSearch(e.target.value)}
                  />
                </div>
              </div>
              {tasks.length === 0 ? (
                <p className="fb-muted" role="status">
                  No task matches. Try another outcome filter or clear the search.
                </p>
              ) : (
                <TaskTable tasks={tasks} />
              )}
            </section>
          </>
        )}
      </div>
    </Page>
  );
}
