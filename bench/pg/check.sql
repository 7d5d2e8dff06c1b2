-- After the run: every account's totals equal the sum of its ledger rows (the peer's own reconciliation).
SELECT (SELECT count(*) FROM awards) AS awards,
       (SELECT count(*) FROM ledger WHERE kind <> 'direct') AS award_credits,
       (SELECT count(*) FROM (
          SELECT a.id FROM accounts a LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger GROUP BY account_id) l ON l.account_id = a.id
          WHERE a.earned + a.referral <> coalesce(l.total, 0)) bad) AS mismatched_accounts;
