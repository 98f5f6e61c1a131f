-- Statistics module: an annual report run beats a heartbeat while it works. A run whose node died stops beating and
-- is shown, then marked, as failed a minute later; one year has at most one run in progress, so starts made at the
-- same moment share it instead of each taking connections for a run of its own.
ALTER TABLE statistics.report_runs ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now();
UPDATE statistics.report_runs SET state = 'failed', progress = 100, finished_at = now(),
       error = '执行该任务的节点已停止，任务未完成；请重新开始。'
WHERE state = 'running';
CREATE UNIQUE INDEX report_runs_one_running_idx ON statistics.report_runs (year) WHERE state = 'running';
