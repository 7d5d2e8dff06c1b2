-- The PostgreSQL peer: the same two-sided bookkeeping as the Cxmpute ledger, in the strongest PostgreSQL form measured on
-- this kind of machine (see bench/README.md): C collation for the text ids, fillfactor 80 on the accounts so that balance
-- updates stay HOT, no foreign keys on awards and ledger. Referral rates are those of silo-config/rewards-schedule.json
-- (users 15 / 8 / 4 %, providers 10 / 5 / 2.5 %; direct bonus 25 / 50); prices come with the plan (the load tool prices
-- every award with Cxmpute.Rewards, as an application would before booking it). Money is numeric: exact.
DROP TABLE IF EXISTS ledger, awards, award_plan, accounts CASCADE;
DROP SEQUENCE IF EXISTS award_seq;

-- Users and providers in one table; two separate referral forests (a user's referrer is a user, a provider's a provider).
CREATE TABLE accounts (
  id       text COLLATE "C" PRIMARY KEY,
  kind     text NOT NULL CHECK (kind IN ('u', 'p')),
  parent   text COLLATE "C" REFERENCES accounts (id),
  vram_gb  numeric,
  tier     smallint,
  earned   numeric NOT NULL DEFAULT 0,        -- usage points (users) / compute earnings (providers)
  referral numeric NOT NULL DEFAULT 0         -- referral shares and direct bonuses
) WITH (fillfactor = 80);

-- One row per award; the primary key is the idempotency key: a replay inserts nothing and credits nothing.
CREATE TABLE awards (
  id              text COLLATE "C" PRIMARY KEY,
  user_id         text COLLATE "C" NOT NULL,
  provider_id     text COLLATE "C" NOT NULL,
  service         text NOT NULL,
  model           text NOT NULL,
  tokens          int NOT NULL,
  latency_ms      int,
  user_amount     numeric NOT NULL,
  provider_amount numeric NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);

-- One row per credit: side 'U' (user chain), 'P' (provider chain) or 'D' (a direct referral bonus), level 0 = the earner,
-- 1..3 = ancestors. At most 8 rows per award. Indexed by account for the 30-day history.
CREATE TABLE ledger (
  award_id   text COLLATE "C" NOT NULL,
  side       "char" NOT NULL,
  level      smallint NOT NULL,
  account_id text COLLATE "C" NOT NULL,
  amount     numeric NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (award_id, side, level)
);
CREATE INDEX ledger_account_at ON ledger (account_id, at);

-- The award schedule the load tool wrote (same seed, same traffic as our runs): pgbench walks it with a sequence, so
-- every transaction is a new award id; the plan repeats once it is used up.
CREATE TABLE award_plan (
  n               bigint PRIMARY KEY,
  user_id         text COLLATE "C" NOT NULL,
  provider_id     text COLLATE "C" NOT NULL,
  service         text NOT NULL,
  model           text NOT NULL,
  tokens          int NOT NULL,
  latency_ms      int,
  user_amount     numeric NOT NULL,
  provider_amount numeric NOT NULL
);
CREATE SEQUENCE award_seq;
