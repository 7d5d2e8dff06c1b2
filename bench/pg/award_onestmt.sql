-- pgbench script (-M prepared): ONE award as ONE statement (one round trip, implicit transaction) with data-modifying
-- CTEs: take the next award of the plan (a sequence: every transaction is a new award id), insert it idempotently
-- (ON CONFLICT DO NOTHING: a replay credits nothing), look up both referral chains, credit the user and up to three
-- ancestors and the provider and up to three ancestors (lifetime totals on the account rows), and insert one ledger row
-- per credit. Credits are ordered user chain (earner -> level 3) then provider chain (earner -> level 3): every
-- transaction takes the account rows in that global order (descendant before ancestor, users before providers), so
-- concurrent awards do not deadlock; pgbench --max-tries retries one anyway and reports it. Variables: -D plan_size=N.
WITH s AS (SELECT nextval('award_seq') AS seq),
ins AS (
  INSERT INTO awards (id, user_id, provider_id, service, model, tokens, latency_ms, user_amount, provider_amount)
  SELECT 'pg-' || s.seq, p.user_id, p.provider_id, p.service, p.model, p.tokens, p.latency_ms, p.user_amount, p.provider_amount
  FROM s JOIN award_plan p ON p.n = (s.seq - 1) % :plan_size + 1
  ON CONFLICT (id) DO NOTHING
  RETURNING id, user_id, provider_id, user_amount, provider_amount
), credits AS (
  SELECT i.id AS award_id, c.ord, c.side, c.level, c.account_id, c.amount
  FROM ins i
  JOIN accounts u0 ON u0.id = i.user_id
  LEFT JOIN accounts u1 ON u1.id = u0.parent
  LEFT JOIN accounts u2 ON u2.id = u1.parent
  JOIN accounts p0 ON p0.id = i.provider_id
  LEFT JOIN accounts p1 ON p1.id = p0.parent
  LEFT JOIN accounts p2 ON p2.id = p1.parent
  CROSS JOIN LATERAL (VALUES
      (1, 'U'::"char", 0::smallint, u0.id,     i.user_amount),
      (2, 'U',         1,           u0.parent, i.user_amount * 0.15),
      (3, 'U',         2,           u1.parent, i.user_amount * 0.08),
      (4, 'U',         3,           u2.parent, i.user_amount * 0.04),
      (5, 'P',         0,           p0.id,     i.provider_amount),
      (6, 'P',         1,           p0.parent, i.provider_amount * 0.10),
      (7, 'P',         2,           p1.parent, i.provider_amount * 0.05),
      (8, 'P',         3,           p2.parent, i.provider_amount * 0.025)
  ) AS c(ord, side, level, account_id, amount)
  WHERE c.account_id IS NOT NULL
  ORDER BY c.ord
), upd AS (
  UPDATE accounts a
     SET earned   = a.earned   + CASE WHEN c.level = 0 THEN c.amount ELSE 0 END,
         referral = a.referral + CASE WHEN c.level = 0 THEN 0 ELSE c.amount END
    FROM credits c
   WHERE a.id = c.account_id
  RETURNING 1
), led AS (
  INSERT INTO ledger (award_id, side, level, account_id, amount)
  SELECT award_id, side, level, account_id, amount FROM credits
  RETURNING 1
)
SELECT (SELECT count(*) FROM upd) AS credited, (SELECT count(*) FROM led) AS ledger_rows;
