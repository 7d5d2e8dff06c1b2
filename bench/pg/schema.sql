-- The PostgreSQL peer: the same two-sided bookkeeping as the Cxmpute ledger, the way a PostgreSQL-backed service would
-- keep it. Rates are those of silo-config/rewards-schedule.json (version 2026-11-27.1).
DROP TABLE IF EXISTS ledger, awards, award_plan, accounts, models, services, tiers CASCADE;
DROP SEQUENCE IF EXISTS award_seq;

CREATE TABLE tiers (
  rank             int PRIMARY KEY,          -- 0 tide-pool .. 3 mariana-depth
  base_reward      numeric NOT NULL,
  token_multiplier numeric NOT NULL
);
INSERT INTO tiers VALUES (0, 0.005, 0.00001), (1, 0.015, 0.00003), (2, 0.035, 0.00007), (3, 0.075, 0.00015);

CREATE TABLE services (
  name             text PRIMARY KEY,
  multiplier       numeric NOT NULL,
  earns_tokens     boolean NOT NULL,
  base_points      numeric NOT NULL,
  points_per_token numeric NOT NULL
);
INSERT INTO services VALUES
  ('chat', 1.0, true, 1, 0.001), ('embeddings', 0.3, true, 0.5, 0.0005), ('tts', 0.6, false, 0.8, 0), ('scrape', 0.2, false, 0.2, 0);

CREATE TABLE models (name text PRIMARY KEY, tier int NOT NULL REFERENCES tiers, complexity numeric NOT NULL);
INSERT INTO models VALUES
  ('Llama3-70B', 3, 3.0), ('Mixtral-8x7B', 2, 2.5), ('Llama3-13B', 2, 1.5), ('Llama3-8B', 1, 1.0),
  ('Mistral-7B', 1, 1.0), ('Phi-3-Mini', 0, 0.5), ('Gemma-2B', 0, 0.3);

-- One row per account; parent is the referrer (same kind). Lifetime totals are kept on the row.
CREATE TABLE accounts (
  id       text PRIMARY KEY,
  kind     char(1) NOT NULL CHECK (kind IN ('u', 'p')),
  parent   text REFERENCES accounts (id),
  vram_gb  numeric,
  tier     int,
  earned   numeric NOT NULL DEFAULT 0,
  referral numeric NOT NULL DEFAULT 0
);

-- Idempotency: the award id is the primary key; a replay inserts nothing and credits nothing.
CREATE TABLE awards (
  id              text PRIMARY KEY,
  user_id         text NOT NULL,
  provider_id     text NOT NULL,
  service         text NOT NULL,
  model           text NOT NULL,
  tokens          int NOT NULL,
  latency_ms      int,
  user_amount     numeric NOT NULL,
  provider_amount numeric NOT NULL,
  at              timestamptz NOT NULL DEFAULT now()
);

-- The audit trail: one row per credit, readable per account newest first.
CREATE TABLE ledger (
  id         bigserial PRIMARY KEY,
  account_id text NOT NULL,
  award_id   text NOT NULL,
  kind       text NOT NULL,
  amount     numeric NOT NULL,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_by_account ON ledger (account_id, id);

-- The award schedule the load tool wrote (same seed): pgbench walks it with a sequence.
CREATE TABLE award_plan (
  n           bigint PRIMARY KEY,
  user_id     text NOT NULL,
  provider_id text NOT NULL,
  service     text NOT NULL,
  model       text NOT NULL,
  tokens      int NOT NULL,
  latency_ms  int
);
CREATE SEQUENCE award_seq;
