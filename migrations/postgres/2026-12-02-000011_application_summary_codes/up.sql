-- An application's summary (the line under the organisation in the queue) was stored as the
-- words shown to the clerk who keyed it (「アカウント3件」, or 「3 account(s)」 in the English UI),
-- so clerks reading in the other language saw the keyer's words. Store codes:
-- accounts:<n>, changes:<n>, stops:<n>, consent, members:<n>, reason:<code>, join:<n>,
-- leave:<n> — and text:<what was stored> for anything else.
UPDATE applications SET summary = 'accounts:' || replace(replace(summary, 'アカウント', ''), '件', '')
WHERE form = 'form4' AND summary LIKE 'アカウント%件';
UPDATE applications SET summary = 'accounts:' || replace(summary, ' account(s)', '')
WHERE form = 'form4' AND summary LIKE '% account(s)';
UPDATE applications SET summary = 'changes:' || replace(replace(summary, '変更', ''), '件', '')
WHERE form = 'form5' AND summary LIKE '変更%件';
UPDATE applications SET summary = 'changes:' || replace(summary, ' change(s)', '')
WHERE form = 'form5' AND summary LIKE '% change(s)';
UPDATE applications SET summary = 'stops:' || replace(replace(summary, '利用中止', ''), '件', '')
WHERE form = 'form6' AND summary LIKE '利用中止%件';
UPDATE applications SET summary = 'stops:' || replace(summary, ' stop(s)', '')
WHERE form = 'form6' AND summary LIKE '% stop(s)';
UPDATE applications SET summary = 'consent'
WHERE form = 'form7' AND summary IN ('同意書', 'Consent form');
UPDATE applications SET summary = 'members:' || replace(replace(summary, '担当者', ''), '件', '')
WHERE form IN ('form8', 'room_open') AND summary LIKE '担当者%件';
UPDATE applications SET summary = 'members:' || replace(summary, ' team member(s)', '')
WHERE form IN ('form8', 'room_open') AND summary LIKE '% team member(s)';
UPDATE applications SET summary = CASE summary
    WHEN '死亡' THEN 'reason:death' WHEN 'Death' THEN 'reason:death'
    WHEN '入院・入所' THEN 'reason:admission' WHEN 'Admission to hospital or a facility' THEN 'reason:admission'
    WHEN '転居' THEN 'reason:moved' WHEN 'Moved away' THEN 'reason:moved'
    WHEN '本人・家族の希望' THEN 'reason:wish' WHEN 'The registrant''s or family''s wish' THEN 'reason:wish'
    WHEN 'その他' THEN 'reason:other' WHEN 'Other' THEN 'reason:other'
    ELSE summary END
WHERE form = 'form9';
UPDATE applications SET summary = 'join:' || replace(replace(summary, '参加 担当者', ''), '件', '')
WHERE form = 'room_membership' AND summary LIKE '参加 担当者%件';
UPDATE applications SET summary = 'leave:' || replace(replace(summary, '退出 担当者', ''), '件', '')
WHERE form = 'room_membership' AND summary LIKE '退出 担当者%件';
UPDATE applications SET summary = 'join:' || replace(replace(summary, 'Join ', ''), ' team member(s)', '')
WHERE form = 'room_membership' AND summary LIKE 'Join % team member(s)';
UPDATE applications SET summary = 'leave:' || replace(replace(summary, 'Leave ', ''), ' team member(s)', '')
WHERE form = 'room_membership' AND summary LIKE 'Leave % team member(s)';

UPDATE applications SET summary = 'text:' || summary
WHERE summary <> ''
  AND summary NOT LIKE 'accounts:%' AND summary NOT LIKE 'changes:%' AND summary NOT LIKE 'stops:%'
  AND summary <> 'consent' AND summary NOT LIKE 'members:%' AND summary NOT LIKE 'reason:%'
  AND summary NOT LIKE 'join:%' AND summary NOT LIKE 'leave:%';
