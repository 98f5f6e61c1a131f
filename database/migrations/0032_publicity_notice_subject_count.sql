-- Publicity module: a notice keeps the number of its subjects. The list of notices counted the subjects of every notice
-- on every view; with years of history (the demo history of a million applications: 2.4 million subjects) that took
-- 0.4 s for the review center. Subjects change only while a notice is a draft (the freeze trigger), where the service
-- sets the count with the list.
ALTER TABLE publicity.notices ADD COLUMN subject_count int NOT NULL DEFAULT 0;
UPDATE publicity.notices n SET subject_count = c.n
FROM (SELECT notice_id, count(*) AS n FROM publicity.notice_subjects GROUP BY notice_id) c
WHERE c.notice_id = n.id;
