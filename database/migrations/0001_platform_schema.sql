-- Platform module: organisation tree, accounts, roles and permissions, dictionaries, working-day calendar, audit log.
CREATE SCHEMA IF NOT EXISTS platform;

CREATE TABLE platform.org_units (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id    bigint REFERENCES platform.org_units(id),
    code         text NOT NULL UNIQUE,
    name         text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('root', 'review_center', 'recommending_body', 'department', 'unit')),
    region_code  text NOT NULL,             -- the recommending body (GB/T 2260 or 150000 for 自治区本级) this node reports under
    path         text NOT NULL,             -- materialised path '/1/4/27/' for subtree scope checks
    sort_order   int NOT NULL DEFAULT 0,
    version      int NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX org_units_path_idx ON platform.org_units (path text_pattern_ops);
CREATE INDEX org_units_parent_idx ON platform.org_units (parent_id);

CREATE TABLE platform.users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_name            text NOT NULL,
    display_name         text NOT NULL,
    password_hash        text NOT NULL,
    org_unit_id          bigint NOT NULL REFERENCES platform.org_units(id),
    is_active            boolean NOT NULL DEFAULT true,
    must_change_password boolean NOT NULL DEFAULT false,
    failed_logins        int NOT NULL DEFAULT 0,
    locked_until         timestamptz,
    last_login_at        timestamptz,
    version              int NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_user_name_uq ON platform.users (lower(user_name));

CREATE TABLE platform.user_roles (
    user_id bigint NOT NULL REFERENCES platform.users(id) ON DELETE CASCADE,
    role    text NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Permissions declared by the modules; recorded so that a default grant is applied once, then left to administrators.
CREATE TABLE platform.permissions (
    name         text PRIMARY KEY,
    display_name text NOT NULL,
    module       text NOT NULL
);

CREATE TABLE platform.role_permissions (
    role       text NOT NULL,
    permission text NOT NULL REFERENCES platform.permissions(name) ON DELETE CASCADE,
    PRIMARY KEY (role, permission)
);

CREATE TABLE platform.ethnic_groups (
    code       text PRIMARY KEY,            -- GB 3304
    name       text NOT NULL UNIQUE,
    short_name text,                        -- accepted input, e.g. 汉 for 汉族
    version    int NOT NULL DEFAULT 1
);

CREATE TABLE platform.education_levels (
    code       text PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    sort_order int NOT NULL,
    version    int NOT NULL DEFAULT 1
);

CREATE TABLE platform.title_series (
    code              text PRIMARY KEY,
    name              text NOT NULL UNIQUE,
    skill_linked      boolean NOT NULL DEFAULT false,  -- one of the 8 贯通 fields (category 6)
    requires_license  boolean NOT NULL DEFAULT false,  -- 职业准入
    exam_combined     boolean NOT NULL DEFAULT false,  -- 考评结合
    sort_order        int NOT NULL DEFAULT 0,
    version           int NOT NULL DEFAULT 1
);

CREATE TABLE platform.title_levels (
    series_code text NOT NULL REFERENCES platform.title_series(code) ON DELETE CASCADE,
    level       text NOT NULL CHECK (level IN ('员级', '助理级', '中级', '副高级', '正高级')),
    title_name  text NOT NULL,
    PRIMARY KEY (series_code, level)
);

-- A year is "loaded" once its official schedule is recorded; dates of other years are refused, not guessed.
CREATE TABLE platform.calendar_years (
    year       int PRIMARY KEY,
    source     text NOT NULL,
    loaded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform.calendar_days (
    day        date PRIMARY KEY,
    is_off_day boolean NOT NULL,            -- true: public holiday; false: weekend working day (调休上班)
    name       text NOT NULL,
    version    int NOT NULL DEFAULT 1
);

CREATE TABLE platform.audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    user_id     bigint,
    user_name   text NOT NULL,
    action      text NOT NULL,
    entity_type text NOT NULL,
    entity_id   text NOT NULL,
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_entity_idx ON platform.audit_log (entity_type, entity_id);
CREATE INDEX audit_log_at_idx ON platform.audit_log (at DESC);

CREATE FUNCTION platform.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON platform.audit_log
    FOR EACH ROW EXECUTE FUNCTION platform.audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON platform.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION platform.audit_log_append_only();

-- Warnings for administrators raised by jobs (e.g. next year's holiday schedule not loaded).
CREATE TABLE platform.system_alerts (
    key         text PRIMARY KEY,
    message     text NOT NULL,
    raised_at   timestamptz NOT NULL DEFAULT now()
);
