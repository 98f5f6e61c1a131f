-- Rounds module: reporting view (read contract v1).
CREATE VIEW rounds.v_report_rounds AS
SELECT r.id AS round_id, r.year, r.half, r.name AS round_name, r.opens_at, r.deadline, r.state
FROM rounds.rounds r;
COMMENT ON VIEW rounds.v_report_rounds IS 'v1: review rounds; half H1/H2, NULL for an ad-hoc round; deadline is an instant (end of day, Asia/Shanghai)';
