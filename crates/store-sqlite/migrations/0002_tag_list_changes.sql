-- When a report last changed in a way that can change a screen (submitted, published,
-- rejected, retracted), so that a member's tag list can be synchronised incrementally.
ALTER TABLE reports ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
UPDATE reports
   SET changed_at = max(submitted_at, coalesce(decided_at, 0), coalesce(retracted_at, 0));
CREATE INDEX reports_by_change ON reports (org, changed_at);

-- Alerts that came down by expiry since a member's last sync.
CREATE INDEX alerts_by_expiry ON alerts (org, expires_at);
