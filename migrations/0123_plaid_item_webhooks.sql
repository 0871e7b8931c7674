-- Plaid ITEM webhooks: PENDING_EXPIRATION tells when the user's consent ends (the item must be
-- re-linked through Link's update mode before then); ITEM ERROR marks the item broken.
alter table plaid_items add column consent_expires_at timestamptz;
alter table plaid_items add column error_code text;
