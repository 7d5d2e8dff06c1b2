-- pgbench script: one award per transaction, as one statement with data-modifying CTEs (the fastest form measured).
-- Takes the next award of the plan (a sequence, so every transaction is a new award id), prices it from the rate tables
-- (refused when the provider's tier is below the model's), inserts it idempotently (ON CONFLICT DO NOTHING: a replay
-- credits nothing), credits the user and up to three ancestors and the provider and up to three ancestors, and writes
-- one ledger row per credit. Variables: -D plan_size=N.
WITH s AS (SELECT nextval('award_seq') AS seq),
p AS (SELECT s.seq, ap.* FROM s JOIN award_plan ap ON ap.n = (s.seq - 1) % :plan_size + 1),
priced AS (
  SELECT p.seq, p.user_id, p.provider_id, p.service, p.model, p.tokens, p.latency_ms,
         sv.base_points + p.tokens * sv.points_per_token AS user_amount,
         (t.base_reward * sv.multiplier * m.complexity
            + CASE WHEN sv.earns_tokens THEN p.tokens * t.token_multiplier * sv.multiplier ELSE 0 END)
         * CASE WHEN p.latency_ms IS NULL THEN 1.0 WHEN p.latency_ms < 2000 THEN 1.1 WHEN p.latency_ms > 10000 THEN 0.9 ELSE 1.0 END
           AS provider_amount
  FROM p
  JOIN services sv ON sv.name = p.service
  JOIN models m ON m.name = p.model
  JOIN tiers t ON t.rank = m.tier
  JOIN accounts prov ON prov.id = p.provider_id AND prov.tier >= m.tier
),
ins AS (
  INSERT INTO awards (id, user_id, provider_id, service, model, tokens, latency_ms, user_amount, provider_amount)
  SELECT 'pg-' || seq, user_id, provider_id, service, model, tokens, latency_ms, user_amount, provider_amount FROM priced
  ON CONFLICT (id) DO NOTHING
  RETURNING id, user_id, provider_id, user_amount, provider_amount
),
uc AS (
  SELECT i.id, i.user_amount AS amount, a1.parent AS l1, a2.parent AS l2, a3.parent AS l3
  FROM ins i JOIN accounts a1 ON a1.id = i.user_id
  LEFT JOIN accounts a2 ON a2.id = a1.parent LEFT JOIN accounts a3 ON a3.id = a2.parent
),
pc AS (
  SELECT i.id, i.provider_amount AS amount, a1.parent AS l1, a2.parent AS l2, a3.parent AS l3
  FROM ins i JOIN accounts a1 ON a1.id = i.provider_id
  LEFT JOIN accounts a2 ON a2.id = a1.parent LEFT JOIN accounts a3 ON a3.id = a2.parent
),
credits AS (
  SELECT id AS award_id, user_id AS account_id, 'usage' AS kind, user_amount AS amount FROM ins
  UNION ALL SELECT id, provider_id, 'compute', provider_amount FROM ins
  UNION ALL SELECT id, l1, 'primary', amount * 0.15 FROM uc WHERE l1 IS NOT NULL
  UNION ALL SELECT id, l2, 'secondary', amount * 0.08 FROM uc WHERE l2 IS NOT NULL
  UNION ALL SELECT id, l3, 'tertiary', amount * 0.04 FROM uc WHERE l3 IS NOT NULL
  UNION ALL SELECT id, l1, 'primary', amount * 0.10 FROM pc WHERE l1 IS NOT NULL
  UNION ALL SELECT id, l2, 'secondary', amount * 0.05 FROM pc WHERE l2 IS NOT NULL
  UNION ALL SELECT id, l3, 'tertiary', amount * 0.025 FROM pc WHERE l3 IS NOT NULL
),
upd AS (
  UPDATE accounts a
     SET earned   = a.earned   + CASE WHEN c.kind IN ('usage', 'compute') THEN c.amount ELSE 0 END,
         referral = a.referral + CASE WHEN c.kind IN ('usage', 'compute') THEN 0 ELSE c.amount END
    FROM credits c WHERE a.id = c.account_id
  RETURNING 1
),
led AS (
  INSERT INTO ledger (account_id, award_id, kind, amount) SELECT account_id, award_id, kind, amount FROM credits RETURNING 1
)
SELECT (SELECT count(*) FROM upd) AS accounts_credited, (SELECT count(*) FROM led) AS ledger_rows;
