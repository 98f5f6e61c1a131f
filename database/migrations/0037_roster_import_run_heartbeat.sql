-- Roster module: an import run beats a heartbeat while it works; one whose node died is shown, then marked, as
-- failed a minute later instead of "running" for ever.
ALTER TABLE roster.import_runs ADD COLUMN heartbeat_at timestamptz NOT NULL DEFAULT now();
UPDATE roster.import_runs SET state = 'failed', progress = 100, finished_at = now(),
       error = '执行该任务的节点已停止，任务未完成；请重新开始。'
WHERE state = 'running';
