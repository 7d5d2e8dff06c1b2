-- Checked after each measured form. Output: check | value | ok (t/f). The expected credits are recomputed from the
-- awards table, the referral forest and the rates, so a missing, extra, duplicated or mis-rounded credit is caught, not
-- only a sum mismatch. The last line is the number of awards, which bench/run.sh compares with pgbench's count.
WITH expected AS (
  SELECT aw.id AS award_id, c.side, c.level, c.account_id, c.amount
  FROM awards aw
  JOIN accounts u0 ON u0.id = aw.user_id
  LEFT JOIN accounts u1 ON u1.id = u0.parent
  LEFT JOIN accounts u2 ON u2.id = u1.parent
  JOIN accounts p0 ON p0.id = aw.provider_id
  LEFT JOIN accounts p1 ON p1.id = p0.parent
  LEFT JOIN accounts p2 ON p2.id = p1.parent
  CROSS JOIN LATERAL (VALUES
      ('U'::"char", 0::smallint, u0.id,     aw.user_amount),
      ('U',         1,           u0.parent, aw.user_amount * 0.15),
      ('U',         2,           u1.parent, aw.user_amount * 0.08),
      ('U',         3,           u2.parent, aw.user_amount * 0.04),
      ('P',         0,           p0.id,     aw.provider_amount),
      ('P',         1,           p0.parent, aw.provider_amount * 0.10),
      ('P',         2,           p1.parent, aw.provider_amount * 0.05),
      ('P',         3,           p2.parent, aw.provider_amount * 0.025)
  ) AS c(side, level, account_id, amount)
  WHERE c.account_id IS NOT NULL
  UNION ALL
  SELECT 'referral:' || a.id, 'D', 0, a.parent, CASE a.kind WHEN 'u' THEN 25 ELSE 50 END FROM accounts a WHERE a.parent IS NOT NULL
), actual AS (
  SELECT award_id, side, level, account_id, amount FROM ledger
), by_account AS (
  SELECT account_id, sum(amount) FILTER (WHERE side <> 'D' AND level = 0) AS earned,
         sum(amount) FILTER (WHERE side = 'D' OR level > 0) AS referral
  FROM ledger GROUP BY account_id
)
SELECT 'sum of balances = sum of ledger amounts',
       (SELECT sum(earned + referral) FROM accounts)::text || ' = ' || (SELECT coalesce(sum(amount), 0) FROM ledger)::text,
       (SELECT sum(earned + referral) FROM accounts) = (SELECT coalesce(sum(amount), 0) FROM ledger)
UNION ALL
SELECT 'accounts whose earned or referral total differs from their ledger rows', count(*)::text, count(*) = 0
FROM accounts a LEFT JOIN by_account l ON l.account_id = a.id
WHERE a.earned <> coalesce(l.earned, 0) OR a.referral <> coalesce(l.referral, 0)
UNION ALL
SELECT 'awards with more than 8 ledger rows', count(*)::text, count(*) = 0
FROM (SELECT award_id FROM ledger WHERE side <> 'D' GROUP BY award_id HAVING count(*) > 8) x
UNION ALL
SELECT 'expected credits missing from the ledger', count(*)::text, count(*) = 0
FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual) x
UNION ALL
SELECT 'ledger rows that are not an expected credit', count(*)::text, count(*) = 0
FROM (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected) x
UNION ALL
SELECT 'awards', (SELECT count(*) FROM awards)::text, true;
