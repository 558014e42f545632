-- Codes back to the Japanese words.
UPDATE applications SET summary = 'アカウント' || substr(summary, 10) || '件' WHERE summary LIKE 'accounts:%';
UPDATE applications SET summary = '変更' || substr(summary, 9) || '件' WHERE summary LIKE 'changes:%';
UPDATE applications SET summary = '利用中止' || substr(summary, 7) || '件' WHERE summary LIKE 'stops:%';
UPDATE applications SET summary = '同意書' WHERE summary = 'consent';
UPDATE applications SET summary = '担当者' || substr(summary, 9) || '件' WHERE summary LIKE 'members:%';
UPDATE applications SET summary = CASE summary
    WHEN 'reason:death' THEN '死亡' WHEN 'reason:admission' THEN '入院・入所'
    WHEN 'reason:moved' THEN '転居' WHEN 'reason:wish' THEN '本人・家族の希望'
    WHEN 'reason:other' THEN 'その他'
    ELSE summary END
WHERE summary LIKE 'reason:%';
UPDATE applications SET summary = '参加 担当者' || substr(summary, 6) || '件' WHERE summary LIKE 'join:%';
UPDATE applications SET summary = '退出 担当者' || substr(summary, 7) || '件' WHERE summary LIKE 'leave:%';
UPDATE applications SET summary = substr(summary, 6) WHERE summary LIKE 'text:%';
