-- pgbench script (-M prepared): ONE award as an interactive transaction, the way a typical application books it, one
-- round trip per statement (4 to 12): BEGIN; take the next award of the plan and insert it idempotently; if it is new,
-- look up the user's and the provider's three ancestors; one UPDATE per credited account (2..8); one multi-row ledger
-- INSERT; COMMIT. Lock order as in award_onestmt.sql: the user, its ancestors, then the provider, its ancestors.
-- Variables: -D plan_size=N.
BEGIN;
WITH s AS (SELECT nextval('award_seq') AS seq),
ins AS (
  INSERT INTO awards (id, user_id, provider_id, service, model, tokens, latency_ms, user_amount, provider_amount)
  SELECT 'pg-' || s.seq, p.user_id, p.provider_id, p.service, p.model, p.tokens, p.latency_ms, p.user_amount, p.provider_amount
  FROM s JOIN award_plan p ON p.n = (s.seq - 1) % :plan_size + 1
  ON CONFLICT (id) DO NOTHING
  RETURNING id, user_id, provider_id, user_amount, provider_amount
)
SELECT count(*) AS fresh, coalesce(max(id), '') AS aid, coalesce(max(user_id), '') AS uid, coalesce(max(provider_id), '') AS pid,
       coalesce(max(user_amount), 0) AS pts, coalesce(max(provider_amount), 0) AS pamt
FROM ins \gset
\if :fresh
SELECT coalesce(a0.parent, '') AS ur1, coalesce(a1.parent, '') AS ur2, coalesce(a2.parent, '') AS ur3,
       (a0.parent IS NOT NULL)::int + (a1.parent IS NOT NULL)::int + (a2.parent IS NOT NULL)::int AS un
FROM accounts a0
LEFT JOIN accounts a1 ON a1.id = a0.parent
LEFT JOIN accounts a2 ON a2.id = a1.parent
WHERE a0.id = :uid \gset
SELECT coalesce(a0.parent, '') AS pr1, coalesce(a1.parent, '') AS pr2, coalesce(a2.parent, '') AS pr3,
       (a0.parent IS NOT NULL)::int + (a1.parent IS NOT NULL)::int + (a2.parent IS NOT NULL)::int AS pn
FROM accounts a0
LEFT JOIN accounts a1 ON a1.id = a0.parent
LEFT JOIN accounts a2 ON a2.id = a1.parent
WHERE a0.id = :pid \gset
UPDATE accounts SET earned = earned + :pts::numeric WHERE id = :uid;
\if :un >= 1
UPDATE accounts SET referral = referral + :pts::numeric * 0.15 WHERE id = :ur1;
\endif
\if :un >= 2
UPDATE accounts SET referral = referral + :pts::numeric * 0.08 WHERE id = :ur2;
\endif
\if :un >= 3
UPDATE accounts SET referral = referral + :pts::numeric * 0.04 WHERE id = :ur3;
\endif
UPDATE accounts SET earned = earned + :pamt::numeric WHERE id = :pid;
\if :pn >= 1
UPDATE accounts SET referral = referral + :pamt::numeric * 0.10 WHERE id = :pr1;
\endif
\if :pn >= 2
UPDATE accounts SET referral = referral + :pamt::numeric * 0.05 WHERE id = :pr2;
\endif
\if :pn >= 3
UPDATE accounts SET referral = referral + :pamt::numeric * 0.025 WHERE id = :pr3;
\endif
INSERT INTO ledger (award_id, side, level, account_id, amount)
SELECT :aid, v.side, v.level, v.account_id, v.amount
FROM (VALUES ('U'::"char", 0::smallint, :uid::text, :pts::numeric),
             ('U', 1, :ur1::text, :pts::numeric * 0.15),
             ('U', 2, :ur2::text, :pts::numeric * 0.08),
             ('U', 3, :ur3::text, :pts::numeric * 0.04),
             ('P', 0, :pid::text, :pamt::numeric),
             ('P', 1, :pr1::text, :pamt::numeric * 0.10),
             ('P', 2, :pr2::text, :pamt::numeric * 0.05),
             ('P', 3, :pr3::text, :pamt::numeric * 0.025)) AS v(side, level, account_id, amount)
WHERE v.account_id <> '';
\endif
COMMIT;
