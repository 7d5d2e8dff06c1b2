-- Loads the population and the award plan written by `Cxmpute.LoadTest population`, pays the direct bonus of every
-- referral (one ledger row each, as the ledger does when a code is applied), then VACUUM ANALYZE and CHECKPOINT, so that
-- each measured form starts from the same state. psql variables: :dir (folder of accounts.csv and plan.csv).
\set accounts_file :dir '/accounts.csv'
\set plan_file :dir '/plan.csv'
COPY accounts (id, kind, parent, vram_gb, tier) FROM :'accounts_file' WITH (FORMAT csv);
COPY award_plan FROM :'plan_file' WITH (FORMAT csv);
INSERT INTO ledger (award_id, side, level, account_id, amount)
  SELECT 'referral:' || id, 'D', 0, parent, CASE kind WHEN 'u' THEN 25 ELSE 50 END FROM accounts WHERE parent IS NOT NULL;
UPDATE accounts a SET referral = a.referral + b.bonus
  FROM (SELECT account_id, sum(amount) AS bonus FROM ledger GROUP BY account_id) b
  WHERE a.id = b.account_id;
VACUUM ANALYZE;
CHECKPOINT;
SELECT count(*) FILTER (WHERE kind = 'u') AS users, count(*) FILTER (WHERE kind = 'p') AS providers,
       count(parent) AS referred, (SELECT count(*) FROM award_plan) AS plan FROM accounts;
