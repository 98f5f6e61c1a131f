-- Applicant module: the integrity record (职称评审诚信档案库) is owned by the module whose eligibility rules read it
-- (ADR 0006); the review workflow writes it through IIntegrityRecords in Applicant.Contracts.
ALTER TABLE review.integrity_records SET SCHEMA applicant;
