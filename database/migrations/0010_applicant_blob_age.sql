-- Applicant module: when a blob was stored, so the orphan clean-up leaves fresh uploads alone.
ALTER TABLE applicant.file_blobs ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
