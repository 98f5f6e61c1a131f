-- Host: the ASP.NET Core Data Protection key ring, shared by every host node so that a cookie issued by one node
-- is accepted by the others.
CREATE SCHEMA IF NOT EXISTS host;

CREATE TABLE host.data_protection_keys (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text NOT NULL,
    xml           text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
