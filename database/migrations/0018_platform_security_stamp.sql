-- Platform module: a security stamp per user. The sign-in cookie carries it and every request checks it, so logout,
-- a password change or reset and an account lock end the user's existing sessions on every node at once.
ALTER TABLE platform.users ADD COLUMN security_stamp text NOT NULL DEFAULT gen_random_uuid()::text;
