-- Platform module: reporting views (read contract v1). Other modules read regions and title series only through these.
-- Views are versioned like APIs: columns may be added; renaming or dropping one needs a new view.
CREATE VIEW platform.v_report_regions AS
SELECT r.code AS region_code, r.name AS region_name, r.sort_order
FROM platform.regions r;
COMMENT ON VIEW platform.v_report_regions IS 'v1: the 15 recommending-body regions (12 盟市, 满洲里, 二连浩特, 自治区本级 150000), in statistics order';

CREATE VIEW platform.v_report_title_series AS
SELECT s.code AS series_code, s.name AS series_name, s.sort_order, s.skill_linked, s.requires_license, s.exam_combined
FROM platform.title_series s;
COMMENT ON VIEW platform.v_report_title_series IS 'v1: title series (职称系列) with their flags';
