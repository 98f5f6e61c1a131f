-- Certificates module: each issued certificate, for the timeline and the national filing (备案) workbook.
CREATE VIEW certificates.v_report_certificates AS
SELECT c.application_id,
       c.number,
       c.issued_at,
       c.revoked_at,
       c.revoked_reason
FROM certificates.certificates c;

COMMENT ON VIEW certificates.v_report_certificates IS 'v1: one row per issued certificate: number, issued, revoked';
