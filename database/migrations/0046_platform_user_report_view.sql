-- Platform module: who the users are, for modules that address people (notifications): one row per user and role.
-- No password, stamp or lock: only what it takes to find the people of a role at an org unit.
CREATE VIEW platform.v_report_users AS
SELECT u.id            AS user_id,
       u.user_name,
       u.display_name,
       u.org_unit_id,
       r.role,
       u.is_active
FROM platform.users u
JOIN platform.user_roles r ON r.user_id = u.id;

COMMENT ON VIEW platform.v_report_users IS 'v1: one row per user and role; role codes as Roles (applicant, unit_officer, body_reviewer, center_staff, committee_admin, leader, sysadmin, expert)';
